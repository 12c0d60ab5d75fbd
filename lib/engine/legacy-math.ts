/**
 * The JavaScript runtime's own Math.exp/log/log1p/sin/cos/tanh — what the engine used before deterministic math.
 * Kept ONLY to replay (and continue) logs recorded before the switch: their checksums were computed with these, on
 * the server's Node. New lessons never use them (see math-version.ts). The activations and BCE are written out
 * again here, rather than made from a shared factory, so the engine's hot loops each see one callee.
 */
/* eslint-disable no-restricted-properties -- the one place Math.* transcendentals are allowed: legacy logs */
import { SHARED_ACTIVATIONS, type Activation, type ActivationName } from "./activations";
import type { MathFunctions } from "./engine-math";
import { bce as deterministicBce, type Bce } from "./losses";

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

const tanh = Object.freeze<Activation>({
  value: (z) => Math.tanh(z),
  slope: (_z, a) => 1 - a * a,
  valueInto(z, out, n) {
    for (let i = 0; i < n; i++) out[i] = Math.tanh(z[i]);
  },
  slopeInto(_z, a, out, n) {
    for (let i = 0; i < n; i++) out[i] = 1 - a[i] * a[i];
  },
});

const logistic = Object.freeze<Activation>({
  value: (z) => legacySigmoid(z),
  slope: (_z, a) => a * (1 - a),
  valueInto(z, out, n) {
    for (let i = 0; i < n; i++) out[i] = legacySigmoid(z[i]);
  },
  slopeInto(_z, a, out, n) {
    for (let i = 0; i < n; i++) out[i] = a[i] * (1 - a[i]);
  },
});

export const LEGACY_ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = Object.freeze({
  ...SHARED_ACTIVATIONS,
  tanh,
  sigmoid: logistic,
});

export const LEGACY_BCE: Bce = Object.freeze({
  fromLogit: (z: number, y: number): number => (z > 0 ? z : 0) - y * z + Math.log1p(Math.exp(-Math.abs(z))),
  dFromLogit: (z: number, y: number): number => legacySigmoid(z) - y,
  dValue: deterministicBce.dValue, // plain arithmetic
});
