import type { HostView } from "@/lib/protocol";

export type NameOf = (playerId: string) => string;

/** The name shown for a player: the pseudonym when the replay is anonymised (as the console could be), else the nickname. */
export function nameLookup(players: HostView["players"], anonymise: boolean): NameOf {
  const byId = new Map(players.map((p) => [p.id, anonymise ? p.pseudonym : p.nickname]));
  return (id) => byId.get(id) ?? "someone who left";
}
