/**
 * "What if we stepped with α?" — evaluated without changing the state.
 *
 * For k = 1 every α moves along the same gradient g, so g is computed once
 * and each α costs one forward pass at θ − α·g. For k > 1 each α needs its own
 * trajectory (k backward passes); only the first gradient is shared.
 */
import { validateAlpha, validateSteps, type DivergenceReason } from "./divergence";
import type { EngineMath } from "./engine-math";
import type { EngineState } from "./state";
import { Trajectory } from "./trajectory";

/** Longest look-ahead a what-if (and scoring) may ask for. */
export const MAX_WHAT_IF_STEPS = 50;

export const CURVE_DEFAULTS = Object.freeze({
  k: 1,
  minAlpha: 1e-4,
  maxAlpha: 10,
  points: 61,
} as const);

/** Refinement stops when the bracket in ln α is narrower than this. */
const REFINE_TOLERANCE = 1e-9;
const REFINE_MAX_ITERATIONS = 100;
const MAX_CURVE_POINTS = 1001;

export interface WhatIfResult {
  readonly alpha: number;
  /**
   * Training loss after the steps that were applied; null when the run hit a
   * "non-finite" divergence (the loss would have become NaN/∞).
   */
  readonly loss: number | null;
  readonly stepsApplied: number;
  readonly diverged: boolean;
  readonly reason: DivergenceReason | null;
}

/** The α grid: `points` values spaced evenly in log α from minAlpha to maxAlpha (both included). */
export interface AlphaGridOptions {
  /** Grid range (defaults 1e-4 … 10). */
  readonly minAlpha?: number;
  readonly maxAlpha?: number;
  /** Grid size, 2…1001 (default 61). */
  readonly points?: number;
}

export interface CurveOptions extends AlphaGridOptions {
  /** Steps per α, 1…50 (default 1). */
  readonly k?: number;
}

export interface BestAlpha {
  readonly alpha: number;
  readonly loss: number;
}

export interface LossCurve {
  readonly k: number;
  /** Training loss of the state (before any step). */
  readonly lossBefore: number;
  /** One point per grid α, ascending. */
  readonly points: readonly WhatIfResult[];
  /**
   * Lowest loss found: grid minimum refined by golden-section search on ln α
   * between its grid neighbours. Null if every grid α diverged.
   */
  readonly best: BestAlpha | null;
}

/** Objective used for minimisation: diverged runs count as +∞. */
function objective(r: WhatIfResult): number {
  return r.diverged || r.loss === null ? Infinity : r.loss;
}

/**
 * Evaluates many α for one state and one k, sharing work and caching results
 * per α value (so equal α are computed once).
 */
export class WhatIfEvaluator {
  readonly k: number;
  readonly lossBefore: number;
  private readonly traj: Trajectory;
  private readonly cache = new Map<number, WhatIfResult>();
  /** The state's math (so a legacy session's α grid is the one it always had). */
  private readonly math: EngineMath;

  constructor(state: EngineState, k: number = 1) {
    this.k = validateSteps(k, MAX_WHAT_IF_STEPS);
    this.traj = new Trajectory(state);
    this.lossBefore = this.traj.loss0;
    this.math = state.network.math;
  }

  /** Number of distinct α evaluated so far. */
  get evaluations(): number {
    return this.cache.size;
  }

  /** Loss after k steps with α (RangeError for α ≤ 0 or not finite). */
  at(alpha: number): WhatIfResult {
    const hit = this.cache.get(alpha);
    if (hit) return hit;
    validateAlpha(alpha);
    const out = this.traj.run(alpha, this.k);
    const result: WhatIfResult = {
      alpha,
      loss: out.reason === "non-finite" ? null : out.loss,
      stepsApplied: out.applied,
      diverged: out.diverged,
      reason: out.reason,
    };
    this.cache.set(alpha, result);
    return result;
  }

  /** Loss on the α grid and the refined best α, for this evaluator's k. */
  curve(options: AlphaGridOptions = {}): LossCurve {
    const { minAlpha, maxAlpha, points } = curveGrid(options);
    const { ln, exp } = this.math;
    const lo = ln(minAlpha);
    const hi = ln(maxAlpha);
    const alphas = Array.from({ length: points }, (_, i) =>
      i === 0 ? minAlpha : i === points - 1 ? maxAlpha : exp(lo + ((hi - lo) * i) / (points - 1)),
    );
    const grid = alphas.map((a) => this.at(a));

    let bestIndex = -1;
    grid.forEach((r, i) => {
      if (objective(r) < (bestIndex < 0 ? Infinity : objective(grid[bestIndex]))) bestIndex = i;
    });
    if (bestIndex < 0) return { k: this.k, lossBefore: this.lossBefore, points: grid, best: null };

    const left = ln(alphas[Math.max(0, bestIndex - 1)]);
    const right = ln(alphas[Math.min(points - 1, bestIndex + 1)]);
    const best = this.refine(left, right, grid[bestIndex]);
    return { k: this.k, lossBefore: this.lossBefore, points: grid, best };
  }

  /** Golden-section search for the lowest loss with ln α in [a, b]; never worse than `start`. */
  private refine(a: number, b: number, start: WhatIfResult): BestAlpha {
    let best = start;
    const f = (lnAlpha: number): number => {
      const r = this.at(this.math.exp(lnAlpha));
      if (objective(r) < objective(best)) best = r;
      return objective(r);
    };
    const invPhi = (Math.sqrt(5) - 1) / 2;
    let c = b - invPhi * (b - a);
    let d = a + invPhi * (b - a);
    let fc = f(c);
    let fd = f(d);
    for (let it = 0; it < REFINE_MAX_ITERATIONS && b - a > REFINE_TOLERANCE; it++) {
      if (fc <= fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - invPhi * (b - a);
        fc = f(c);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + invPhi * (b - a);
        fd = f(d);
      }
    }
    return { alpha: best.alpha, loss: objective(best) };
  }
}

function curveGrid(options: AlphaGridOptions): { minAlpha: number; maxAlpha: number; points: number } {
  const minAlpha = validateAlpha(options.minAlpha ?? CURVE_DEFAULTS.minAlpha);
  const maxAlpha = validateAlpha(options.maxAlpha ?? CURVE_DEFAULTS.maxAlpha);
  if (!(maxAlpha > minAlpha)) throw new RangeError(`maxAlpha (${maxAlpha}) must be greater than minAlpha (${minAlpha})`);
  const points = options.points ?? CURVE_DEFAULTS.points;
  if (!Number.isInteger(points) || points < 2 || points > MAX_CURVE_POINTS)
    throw new RangeError(`points must be a whole number from 2 to ${MAX_CURVE_POINTS} (got ${points})`);
  return { minAlpha, maxAlpha, points };
}

/** Training loss after k (default 1, at most 50) steps with α, without changing the state. */
export function lossAfterSteps(state: EngineState, alpha: number, k: number = 1): WhatIfResult {
  validateAlpha(alpha);
  return new WhatIfEvaluator(state, k).at(alpha);
}

/** Loss after k steps for α on a log grid, and the best α (refined). */
export function lossCurve(state: EngineState, options: CurveOptions = {}): LossCurve {
  const grid = curveGrid(options); // validate before doing any work
  return new WhatIfEvaluator(state, options.k ?? CURVE_DEFAULTS.k).curve(grid);
}
