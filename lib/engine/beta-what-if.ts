/**
 * "What if we stepped with momentum β?" at a fixed α — the β counterpart of what-if.ts, on the same search code.
 *
 * The β grid is evenly spaced in u = −ln(1 − β) (how many e-folds the velocity remembers), from β = 0 (plain descent)
 * to β = 0.999, so it is fine near 1 where β matters most (0.9, 0.99, 0.999 are equally far apart).
 *
 * From zero velocity (a fresh or reset state) the first step is v = g whatever β is, so with k = 1 every β gives the
 * same loss and a β round needs k ≥ 2 (a session rule; the engine just reports the flat curve).
 */
import { CONFIG_LIMITS } from "./config";
import { validateAlpha, validateSteps } from "./divergence";
import { requireMomentum, validateBeta } from "./optimizer";
import type { EngineState } from "./state";
import { Trajectory } from "./trajectory";
import { AxisSearch, MAX_WHAT_IF_STEPS, lossOf, type WhatIfOutcome } from "./what-if";

export const BETA_CURVE_DEFAULTS = Object.freeze({
  k: 2,
  minBeta: 0,
  maxBeta: CONFIG_LIMITS.maxBeta,
  points: 61,
} as const);

const MAX_BETA_POINTS = 1001;

export interface BetaWhatIfResult extends WhatIfOutcome {
  readonly beta: number;
}

export interface BestBeta {
  readonly beta: number;
  readonly loss: number;
}

export interface BetaCurveOptions {
  /** The fixed learning rate every β is run with. */
  readonly alpha: number;
  /** Steps per β, 1…50 (default 2: see the file comment for k = 1). */
  readonly k?: number;
  /** Grid size, 2…1001 (default 61). */
  readonly points?: number;
}

export interface BetaLossCurve {
  readonly k: number;
  readonly alpha: number;
  /** Training loss of the state (before any step). */
  readonly lossBefore: number;
  /** One point per grid β, ascending from 0 to 0.999. */
  readonly points: readonly BetaWhatIfResult[];
  /** Lowest loss: grid minimum refined by golden-section search on u; null if every grid β diverged. */
  readonly best: BestBeta | null;
}

/**
 * Evaluates many β for one momentum state, one α and one k, sharing the first gradient and the mini-batch sequence,
 * and caching results per β. RangeError when the configuration is not momentum, or α or k is invalid.
 */
export class BetaWhatIfEvaluator {
  readonly k: number;
  readonly alpha: number;
  readonly lossBefore: number;
  private readonly search: AxisSearch<BetaWhatIfResult>;

  constructor(state: EngineState, options: { readonly alpha: number; readonly k?: number }) {
    requireMomentum(state.config, "a β what-if");
    this.alpha = validateAlpha(options.alpha);
    this.k = validateSteps(options.k ?? BETA_CURVE_DEFAULTS.k, MAX_WHAT_IF_STEPS);
    const traj = new Trajectory(state);
    this.lossBefore = traj.loss0;
    const { ln, exp } = state.network.math;
    const { alpha, k } = this;
    this.search = new AxisSearch<BetaWhatIfResult>({
      validate: (beta) => validateBeta(beta),
      toU: (beta) => -ln(1 - beta),
      // Clamped: rounding at the ends must not step outside 0…0.999.
      fromU: (u) => Math.min(CONFIG_LIMITS.maxBeta, Math.max(0, 1 - exp(-u))),
      evaluate: (beta) => {
        const out = traj.run(alpha, k, { beta });
        return { beta, loss: lossOf(out), stepsApplied: out.applied, diverged: out.diverged, reason: out.reason };
      },
    });
  }

  /** Number of distinct β evaluated so far. */
  get evaluations(): number {
    return this.search.evaluations;
  }

  /** Loss after k steps with β at the fixed α (RangeError for β outside 0…0.999). */
  at(beta: number): BetaWhatIfResult {
    return this.search.at(beta);
  }

  /** Loss on the β grid (0 … 0.999) and the refined best β. */
  curve(points: number = BETA_CURVE_DEFAULTS.points): BetaLossCurve {
    const c = this.search.curve(BETA_CURVE_DEFAULTS.minBeta, BETA_CURVE_DEFAULTS.maxBeta, betaPoints(points));
    const best = c.best === null ? null : { beta: c.best.result.beta, loss: c.best.loss };
    return { k: this.k, alpha: this.alpha, lossBefore: this.lossBefore, points: c.points, best };
  }
}

export function betaPoints(points: number): number {
  if (!Number.isInteger(points) || points < 2 || points > MAX_BETA_POINTS)
    throw new RangeError(`points must be a whole number from 2 to ${MAX_BETA_POINTS} (got ${points})`);
  return points;
}

/** Loss after k steps at the fixed α for β on the grid, and the best β (refined). Pure. */
export function betaLossCurve(state: EngineState, options: BetaCurveOptions): BetaLossCurve {
  const points = betaPoints(options.points ?? BETA_CURVE_DEFAULTS.points);
  return new BetaWhatIfEvaluator(state, options).curve(points);
}
