/**
 * Compact fingerprint of a state so a replay can prove it reproduced the live
 * run: FNV-1a 64-bit over the little-endian bytes of every parameter, then the
 * step count (as a float64) and the four generator words (uint32 each), then —
 * for momentum configurations only — every velocity value (float64). Plain
 * gradient-descent states hash exactly the bytes they always did, so every
 * stored log's checksums stand. A momentum state with β = 0 has the same params
 * as plain descent but not the same checksum: its velocity (the last step's
 * gradient) is hashed too.
 */
import { isMomentum } from "./optimizer";
import type { EngineState } from "./state";

const FNV_OFFSET_HI = 0xcbf29ce4;
const FNV_OFFSET_LO = 0x84222325;
/** The FNV prime 2^40 + 0x1b3, split as 2^40 = 2^8 · 2^32. */
const FNV_PRIME_LOW = 0x1b3;

/** FNV-1a 64 as 16 hex digits. 64-bit arithmetic is done on two 32-bit halves. */
export function fnv1a64(bytes: Uint8Array): string {
  let hi = FNV_OFFSET_HI;
  let lo = FNV_OFFSET_LO;
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ bytes[i]) >>> 0;
    // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64
    const loProduct = lo * FNV_PRIME_LOW; // < 2^41, exact in a double
    const carry = Math.floor(loProduct / 4294967296);
    hi = (Math.imul(hi, FNV_PRIME_LOW) + Math.imul(lo, 256) + carry) >>> 0;
    lo = loProduct >>> 0;
  }
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

export function checksum(state: EngineState): string {
  const p = state.params;
  const v = isMomentum(state.config) ? state.velocity : null;
  const tail = p.length * 8 + 8 + 16;
  const bytes = new Uint8Array(tail + (v === null ? 0 : v.length * 8));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < p.length; i++) view.setFloat64(i * 8, p[i], true);
  view.setFloat64(p.length * 8, state.step, true);
  state.rng.forEach((word, i) => view.setUint32(p.length * 8 + 8 + i * 4, word, true));
  if (v !== null) for (let i = 0; i < v.length; i++) view.setFloat64(tail + i * 8, v[i], true);
  return fnv1a64(bytes);
}
