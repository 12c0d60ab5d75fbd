/**
 * When is a step "diverged"?
 *
 * 1. "non-finite": the update would make a weight, or the loss, NaN or ±∞.
 *    Such a step is NOT applied: the state stays exactly as it was.
 * 2. "exploding": the step was applied (everything finite) but the training
 *    loss blew up: lossAfter > 1e6, or lossAfter > 100 × lossBefore while
 *    lossAfter > 0.01. The floor keeps tiny losses (1e-8 → 1e-6, still a
 *    perfect fit) from counting as an explosion.
 * In both cases runs of several steps stop at that step.
 */
export const DIVERGENCE_RULE = Object.freeze({
  /** Any loss above this has exploded. */
  maxLoss: 1e6,
  /** Growth factor in one step that counts as exploding … */
  maxGrowth: 100,
  /** … once the loss is at least this big. */
  growthFloor: 1e-2,
} as const);

export const DIVERGENCE_REASON = Object.freeze({
  nonFinite: "non-finite",
  exploding: "exploding",
} as const);
export type DivergenceReason = (typeof DIVERGENCE_REASON)[keyof typeof DIVERGENCE_REASON];

/** Rule 2 above, for one applied step with finite losses. */
export function isExploding(lossBefore: number, lossAfter: number): boolean {
  const r = DIVERGENCE_RULE;
  return lossAfter > r.maxLoss || (lossAfter > r.maxGrowth * lossBefore && lossAfter > r.growthFloor);
}

/**
 * Learning rates must be finite and > 0. Returns α; throws a RangeError with
 * a message meant for people (e.g. a student's guess), prefixed with `whose` when given.
 */
export function validateAlpha(alpha: unknown, whose?: string): number {
  if (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha <= 0)
    throw new RangeError(`${whose ? `${whose}: ` : ""}learning rate α must be a finite number greater than 0 (got ${String(alpha)})`);
  return alpha;
}

/** Step counts must be whole numbers from 1 to max. */
export function validateSteps(k: unknown, max: number): number {
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > max)
    throw new RangeError(`number of steps k must be a whole number from 1 to ${max} (got ${String(k)})`);
  return k;
}
