/**
 * The one rule for what a screen calls a player, used by the server's views, the console and the replay: the
 * pseudonym when names are hidden (by the session's rule or a screen's "anonymise" toggle), else the nickname.
 */
export type NamedPlayer = { readonly id: string; readonly nickname: string; readonly pseudonym: string };

/** A player id to the name to show. */
export type NameOf = (playerId: string) => string;

/** Shown for an id no longer among the players (a result or guess of someone whose record is gone). */
export const UNKNOWN_PLAYER_NAME = "someone who left";

export function displayName(player: Pick<NamedPlayer, "nickname" | "pseudonym">, anonymise: boolean): string {
  return anonymise ? player.pseudonym : player.nickname;
}

/** Names for every player at once, looked up by id. */
export function nameLookup(players: Iterable<NamedPlayer>, anonymise: boolean): NameOf {
  const byId = new Map<string, string>();
  for (const p of players) byId.set(p.id, displayName(p, anonymise));
  return (id) => byId.get(id) ?? UNKNOWN_PLAYER_NAME;
}
