/**
 * How a run's phones are spread over its sessions: `--phones` is the total, split evenly, the remainder going to the
 * first sessions. Phone k (in connect order) belongs to session k mod sessions, which gives exactly that split and
 * lets the phones of all sessions arrive interleaved, as in a building full of classes.
 */

/** Phones per session: total split evenly, the remainder to the first ones. */
export function splitPhones(total: number, sessions: number): number[] {
  const base = Math.floor(total / sessions);
  return Array.from({ length: sessions }, (_, s) => base + (s < total % sessions ? 1 : 0));
}

/** The session of the k-th phone (0-based, in connect order). */
export function sessionOfPhone(k: number, sessions: number): number {
  return k % sessions;
}

/** The phones of the largest session (the first one). */
export function largestSession(total: number, sessions: number): number {
  return Math.ceil(total / sessions);
}
