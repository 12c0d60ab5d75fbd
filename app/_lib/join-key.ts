/** `bytes` random bytes as base64url (no padding). */
function randomKey(bytes: number): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  let binary = "";
  for (const byte of random) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * A fresh join key for player:join: 256 random bits, base64url (43 characters). The server derives the player's
 * token from it, so a join retried with the same key after a lost acknowledgement returns the same player and token
 * instead of NICKNAME_TAKEN. Make one per join (not per retry), keep it until the join is acknowledged, and store the
 * playerToken the acknowledgement returns (it is not the key itself).
 */
export function newJoinKey(): string {
  return randomKey(32);
}

/**
 * An idempotency key for one user action (a guess, a host click): 128 random bits. Sent again with every retry of
 * that action, so the server applies it once even when an acknowledgement was lost or the server changed.
 */
export function newCommandId(): string {
  return randomKey(16);
}
