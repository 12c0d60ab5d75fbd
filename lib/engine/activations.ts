/**
 * Activation functions, each written next to its derivative (micrograd style).
 *
 * `value(z)` and `slope(z, a)` are the scalar definitions used for
 * explanations (chain-rule factors). `valueInto` / `slopeInto` apply the same
 * formulas to a whole layer of a batch at once, so the hot loops stay
 * monomorphic and the per-layer dispatch happens once, not per number.
 * The slope takes the already computed output `a = f(z)` because for tanh and
 * sigmoid the derivative is cheapest in terms of the output.
 */
import { z as zod } from "zod";
import * as det from "./det-math";
import { nameSchema } from "./name-schema";

export const ACTIVATION = Object.freeze({
  tanh: "tanh",
  relu: "relu",
  sigmoid: "sigmoid",
  linear: "linear",
} as const);

export const ActivationSchema = nameSchema("activation", ACTIVATION);
export type ActivationName = zod.infer<typeof ActivationSchema>;

export interface Activation {
  /** f(z) */
  value(z: number): number;
  /** f'(z), given a = f(z) */
  slope(z: number, a: number): number;
  /** out[i] = f(z[i]) for i < n */
  valueInto(z: Float64Array, out: Float64Array, n: number): void;
  /** out[i] = f'(z[i]) for i < n, given a[i] = f(z[i]) */
  slopeInto(z: Float64Array, a: Float64Array, out: Float64Array, n: number): void;
}

const relu = Object.freeze<Activation>({
  value: (z) => (z > 0 ? z : 0),
  // Not differentiable at 0; we take the slope there to be 0 (a convention).
  slope: (z) => (z > 0 ? 1 : 0),
  valueInto(z, out, n) {
    for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? z[i] : 0;
  },
  slopeInto(z, _a, out, n) {
    for (let i = 0; i < n; i++) out[i] = z[i] > 0 ? 1 : 0;
  },
});

const linear = Object.freeze<Activation>({
  value: (z) => z,
  slope: () => 1,
  valueInto(z, out, n) {
    for (let i = 0; i < n; i++) out[i] = z[i];
  },
  slopeInto(_z, _a, out, n) {
    out.fill(1, 0, n);
  },
});

export { sigmoid } from "./det-math";

/** Activations without elementary functions: the same for every math version. */
export const SHARED_ACTIVATIONS = Object.freeze({ relu, linear });

// tanh and sigmoid call det-math's functions directly (not through a parameter), so every loop below has exactly one
// callee and is inlined; legacy-math.ts writes its own copies for Math.*, which keeps both call sites monomorphic.
const tanh = Object.freeze<Activation>({
  value: (z) => det.tanh(z),
  slope: (_z, a) => 1 - a * a, // d/dz tanh z = 1 − tanh² z
  valueInto(z, out, n) {
    for (let i = 0; i < n; i++) out[i] = det.tanh(z[i]);
  },
  slopeInto(_z, a, out, n) {
    for (let i = 0; i < n; i++) out[i] = 1 - a[i] * a[i];
  },
});

const logistic = Object.freeze<Activation>({
  value: (z) => det.sigmoid(z),
  slope: (_z, a) => a * (1 - a), // σ'(z) = σ(z)(1 − σ(z))
  valueInto(z, out, n) {
    for (let i = 0; i < n; i++) out[i] = det.sigmoid(z[i]);
  },
  slopeInto(_z, a, out, n) {
    for (let i = 0; i < n; i++) out[i] = a[i] * (1 - a[i]);
  },
});

/** The deterministic set (what new lessons use); engine code takes network.math.activations instead. */
export const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = Object.freeze({
  tanh,
  relu,
  sigmoid: logistic,
  linear,
});
