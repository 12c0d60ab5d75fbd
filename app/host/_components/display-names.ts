import type { HostView } from "@/lib/protocol";

/**
 * The name the projector shows for a player: the pseudonym when the console is anonymised, else the nickname.
 * Leaderboard entries carry the server's choice (by the session's rule); the console's toggle overrides it here.
 */
export function nameLookup(players: HostView["players"], anonymise: boolean): (playerId: string) => string {
  const byId = new Map(players.map((p) => [p.id, anonymise ? p.pseudonym : p.nickname]));
  return (id) => byId.get(id) ?? "someone who left";
}
