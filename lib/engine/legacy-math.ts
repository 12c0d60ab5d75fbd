/**
 * The JavaScript runtime's own Math.exp/log/log1p/sin/cos/tanh — what the engine used before deterministic math.
 * Kept ONLY to replay (and continue) logs recorded before the switch: their checksums were computed with these, on
 * the server's Node. New lessons never use them (see math-version.ts).
 */
/* eslint-disable no-restricted-properties -- the one place Math.* transcendentals are allowed: legacy logs */
import type { MathFunctions } from "./engine-math";

function legacySigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export const LEGACY_FUNCTIONS: MathFunctions = Object.freeze({
  exp: Math.exp,
  ln: Math.log,
  log1p: Math.log1p,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: legacySigmoid,
});
