/**
 * "What if we stepped with α?" — evaluated without changing the state, with
 * the state's optimizer (plain descent, or momentum from the state's velocity).
 *
 * For k = 1 every α moves along the same direction (g, or βv + g), so g is
 * computed once and each α costs one forward pass. For k > 1 each α needs its
 * own trajectory (k backward passes); only the first gradient is shared.
 */
import { DIVERGENCE_REASON, validateAlpha, validateSteps, type DivergenceReason } from "./divergence";
import type { EngineMath } from "./engine-math";
import { stepBeta } from "./optimizer";
import type { EngineState } from "./state";
import { Trajectory, type RunOutcome } from "./trajectory";

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

export interface CurveOptions extends AlphaGridOptions, WhatIfOptions {
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
function objective(r: { readonly loss: number | null; readonly diverged: boolean }): number {
  return r.diverged || r.loss === null ? Infinity : r.loss;
}

/** What a search over one hyperparameter needs: the result of a value, and the coordinate u its grid is even in. */
export interface SearchAxis<R extends WhatIfOutcome> {
  /** Throws a RangeError for a value the axis does not allow. */
  readonly validate: (value: number) => number;
  readonly toU: (value: number) => number;
  readonly fromU: (u: number) => number;
  /** Loss after the evaluator's k steps with this value (validated already). */
  readonly evaluate: (value: number) => R;
}

/** The part of a what-if result the search looks at. */
export interface WhatIfOutcome {
  readonly loss: number | null;
  readonly stepsApplied: number;
  readonly diverged: boolean;
  readonly reason: DivergenceReason | null;
}

/**
 * Internal: evaluates many values of one hyperparameter (α at the session's β, or β at a fixed α) for one state
 * and k, caching results per value; the grid and the golden-section refinement are shared by both.
 */
export class AxisSearch<R extends WhatIfOutcome> {
  private readonly cache = new Map<number, R>();

  constructor(private readonly axis: SearchAxis<R>) {}

  /** Number of distinct values evaluated so far. */
  get evaluations(): number {
    return this.cache.size;
  }

  at(value: number): R {
    const hit = this.cache.get(value);
    if (hit) return hit;
    this.axis.validate(value);
    const result = this.axis.evaluate(value);
    this.cache.set(value, result);
    return result;
  }

  /** `points` values evenly spaced in u from lo to hi (both exact), and the refined lowest loss; best null if all diverged. */
  curve(lo: number, hi: number, points: number): { points: R[]; best: { result: R; loss: number } | null } {
    const { toU, fromU } = this.axis;
    const u0 = toU(lo);
    const u1 = toU(hi);
    const values = Array.from({ length: points }, (_, i) =>
      i === 0 ? lo : i === points - 1 ? hi : fromU(u0 + ((u1 - u0) * i) / (points - 1)),
    );
    const grid = values.map((v) => this.at(v));

    let bestIndex = -1;
    grid.forEach((r, i) => {
      if (objective(r) < (bestIndex < 0 ? Infinity : objective(grid[bestIndex]))) bestIndex = i;
    });
    if (bestIndex < 0) return { points: grid, best: null };

    const left = toU(values[Math.max(0, bestIndex - 1)]);
    const right = toU(values[Math.min(points - 1, bestIndex + 1)]);
    const best = this.refine(left, right, grid[bestIndex]);
    return { points: grid, best: { result: best, loss: objective(best) } };
  }

  /** Golden-section search for the lowest loss with u in [a, b]; never worse than `start`. */
  private refine(a: number, b: number, start: R): R {
    let best = start;
    const f = (u: number): number => {
      const r = this.at(this.axis.fromU(u));
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
    return best;
  }
}

export interface WhatIfOptions {
  /**
   * Momentum β instead of the configuration's (RangeError when the configuration is not momentum or β is outside
   * 0…0.999). The state's velocity is always the starting one.
   */
  readonly beta?: number;
}

/**
 * Evaluates many α for one state and one k, sharing work and caching results
 * per α value (so equal α are computed once). Steps with the state's
 * optimizer: with momentum, from the state's velocity and the configuration's
 * β (or options.beta).
 */
export class WhatIfEvaluator {
  readonly k: number;
  readonly lossBefore: number;
  private readonly search: AxisSearch<WhatIfResult>;
  /** The state's math (so a legacy session's α grid is the one it always had). */
  private readonly math: EngineMath;

  constructor(state: EngineState, k: number = 1, options: WhatIfOptions = {}) {
    this.k = validateSteps(k, MAX_WHAT_IF_STEPS);
    const traj = new Trajectory(state, stepBeta(state.config, options.beta));
    this.lossBefore = traj.loss0;
    this.math = state.network.math;
    const { ln, exp } = this.math;
    const steps = this.k;
    this.search = new AxisSearch<WhatIfResult>({
      validate: (alpha) => validateAlpha(alpha),
      toU: ln,
      fromU: exp,
      evaluate: (alpha) => {
        const out = traj.run(alpha, steps);
        return { alpha, loss: lossOf(out), stepsApplied: out.applied, diverged: out.diverged, reason: out.reason };
      },
    });
  }

  /** Number of distinct α evaluated so far. */
  get evaluations(): number {
    return this.search.evaluations;
  }

  /** Loss after k steps with α (RangeError for α ≤ 0 or not finite). */
  at(alpha: number): WhatIfResult {
    return this.search.at(alpha);
  }

  /** Loss on the α grid and the refined best α, for this evaluator's k. */
  curve(options: AlphaGridOptions = {}): LossCurve {
    const { minAlpha, maxAlpha, points } = curveGrid(options);
    const c = this.search.curve(minAlpha, maxAlpha, points);
    const best = c.best === null ? null : { alpha: c.best.result.alpha, loss: c.best.loss };
    return { k: this.k, lossBefore: this.lossBefore, points: c.points, best };
  }
}

/** A what-if's loss: null after a non-finite divergence (the loss would have become NaN/∞). */
export function lossOf(out: RunOutcome): number | null {
  return out.reason === DIVERGENCE_REASON.nonFinite ? null : out.loss;
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
export function lossAfterSteps(state: EngineState, alpha: number, k: number = 1, options: WhatIfOptions = {}): WhatIfResult {
  validateAlpha(alpha);
  return new WhatIfEvaluator(state, k, options).at(alpha);
}

/** Loss after k steps for α on a log grid, and the best α (refined). */
export function lossCurve(state: EngineState, options: CurveOptions = {}): LossCurve {
  const grid = curveGrid(options); // validate before doing any work
  return new WhatIfEvaluator(state, options.k ?? CURVE_DEFAULTS.k, { beta: options.beta }).curve(grid);
}
