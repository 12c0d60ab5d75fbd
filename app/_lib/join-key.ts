/**
 * A fresh join key for player:join: 256 random bits, base64url (43 characters). The server derives the player's
 * token from it, so a join retried with the same key after a lost acknowledgement returns the same player and token
 * instead of NICKNAME_TAKEN. Make one per join (not per retry), keep it until the join is acknowledged, and store the
 * playerToken the acknowledgement returns (it is not the key itself).
 */
export function newJoinKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
