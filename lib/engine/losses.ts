/**
 * Per-sample losses and their derivatives.
 *
 * COST CONVENTION (used everywhere in the engine): the cost over a set of n
 * samples is the MEAN of the per-sample losses, J = (1/n) Σ L(ŷᵢ, yᵢ), with
 *   MSE:  L = ½ (ŷ − y)²                       so ∂L/∂ŷ = ŷ − y
 *   BCE:  L = −[y ln ŷ + (1 − y) ln(1 − ŷ)]    so ∂L/∂ŷ = (ŷ − y) / (ŷ (1 − ŷ))
 * The ½ in MSE makes the derivative free of a factor 2. Gradients are means of
 * per-sample gradients, so the scale of α does not depend on n.
 *
 * BCE is only used behind a sigmoid output ŷ = σ(z). It is computed from the
 * logit z, never from ŷ, because ŷ rounds to exactly 0 or 1 for |z| ≳ 37 and
 * ln 0 = −∞:
 *   L = max(z, 0) − y·z + ln(1 + e^(−|z|))     and   ∂L/∂z = σ(z) − y.
 */
import { z as zod } from "zod";
import * as det from "./det-math";
import { nameSchema } from "./name-schema";

export const LOSS = Object.freeze({
  mse: "mse",
  bce: "bce",
} as const);

export const LossSchema = nameSchema("loss", LOSS);
export type LossName = zod.infer<typeof LossSchema>;

/** Mean squared error, per sample: ½ (ŷ − y)². */
export const mse = Object.freeze({
  value: (yHat: number, y: number): number => 0.5 * (yHat - y) * (yHat - y),
  dValue: (yHat: number, y: number): number => yHat - y, // ∂L/∂ŷ
});

export interface Bce {
  /** From the logit z (stable for any finite z). */
  readonly fromLogit: (z: number, y: number) => number;
  /** ∂L/∂z, the sigmoid and the loss differentiated together. */
  readonly dFromLogit: (z: number, y: number) => number;
  /** ∂L/∂ŷ on its own, for explaining the chain rule (infinite if ŷ is exactly 0 or 1). */
  readonly dValue: (yHat: number, y: number) => number;
}

/** Binary cross-entropy, per sample, for labels y ∈ {0, 1}, with deterministic math (legacy-math.ts has Math.*'s). */
export const bce: Bce = Object.freeze({
  fromLogit: (z: number, y: number): number => (z > 0 ? z : 0) - y * z + det.log1p(det.exp(-Math.abs(z))),
  dFromLogit: (z: number, y: number): number => det.sigmoid(z) - y,
  dValue: (yHat: number, y: number): number => (yHat - y) / (yHat * (1 - yHat)),
});
