/**
 * Scoring a round of learning-rate guesses against the loss the network
 * actually reaches.
 */
import { validateAlpha, type DivergenceReason } from "./divergence";
import type { EngineState } from "./state";
import { CURVE_DEFAULTS, WhatIfEvaluator, type AlphaGridOptions, type BestAlpha, type WhatIfResult } from "./what-if";

export const MAX_SCORE = 1000;

/**
 * Score of one guess, 0…1000.
 *
 *   L0       training loss before the round
 *   L        training loss after k steps with the guessed α
 *   L_best   min(loss at the best α found by the search, best guess loss)
 *   score = round(1000 · clamp((L0 − L) / (L0 − L_best), 0, 1))
 *
 * A guess that diverged, or did not lower the loss (L ≥ L0), scores 0. When
 * no α lowers the loss at all (L_best ≥ L0, e.g. at an exact minimum) every
 * guess scores 0. Math.round rounds halves up.
 */
export function scoreFormula(lossBefore: number, loss: number | null, bestLoss: number, diverged: boolean): number {
  if (diverged || loss === null || !(loss < lossBefore)) return 0;
  const bestDrop = lossBefore - bestLoss;
  if (!(bestDrop > 0)) return 0;
  const ratio = (lossBefore - loss) / bestDrop;
  return Math.round(MAX_SCORE * Math.min(1, Math.max(0, ratio)));
}

export interface Guess {
  readonly id: string;
  readonly alpha: number;
}

export interface ScoreOptions extends AlphaGridOptions {
  /** Steps each guess is run for, 1…50 (default 1). */
  readonly k?: number;
}

export interface GuessResult {
  readonly id: string;
  readonly alpha: number;
  /** Training loss after k steps; null after a non-finite divergence. */
  readonly loss: number | null;
  /** L0 − loss (null when loss is null). */
  readonly drop: number | null;
  readonly diverged: boolean;
  readonly reason: DivergenceReason | null;
  /** 0…1000, see scoreFormula. */
  readonly score: number;
  /**
   * 1 = lowest loss. Equal losses share a rank (1, 2, 2, 4); diverged guesses
   * all share the last rank (number of non-diverged guesses + 1).
   */
  readonly rank: number;
}

export interface RoundResult {
  readonly k: number;
  /** L0: training loss before the round. */
  readonly lossBefore: number;
  /** α and loss defining L_best (from the search, or a guess that beat it). */
  readonly bestAlpha: number | null;
  readonly bestLoss: number | null;
  readonly bestSource: "search" | "guess" | null;
  /** What the search alone found. */
  readonly searchBest: BestAlpha | null;
  /** The loss-versus-α curve (log grid) for plotting the guesses on. */
  readonly curve: readonly WhatIfResult[];
  /** One result per guess, in the order given. */
  readonly results: readonly GuessResult[];
  /** Distinct α values evaluated (grid + refinement + distinct guesses). */
  readonly evaluations: number;
}

/**
 * Score guesses for the current state. Pure: the state is not changed.
 * Equal α values are evaluated once. Throws RangeError on a non-positive or
 * non-finite α (naming the guess), a duplicate id, or a bad k.
 */
export function scoreGuesses(state: EngineState, guesses: readonly Guess[], options: ScoreOptions = {}): RoundResult {
  const ids = new Set<string>();
  for (const g of guesses) {
    if (ids.has(g.id)) throw new RangeError(`duplicate guess id ${JSON.stringify(g.id)}`);
    ids.add(g.id);
    validateAlpha(g.alpha, `guess ${JSON.stringify(g.id)}`);
  }

  const evaluator = new WhatIfEvaluator(state, options.k ?? CURVE_DEFAULTS.k);
  const curve = evaluator.curve(options);
  const L0 = evaluator.lossBefore;
  const evaluated = guesses.map((g) => evaluator.at(g.alpha));

  let best: { alpha: number; loss: number; source: "search" | "guess" } | null = curve.best
    ? { ...curve.best, source: "search" }
    : null;
  for (const r of evaluated)
    if (!r.diverged && r.loss !== null && (best === null || r.loss < best.loss))
      best = { alpha: r.alpha, loss: r.loss, source: "guess" };

  // Competition ranking: 1 + number of non-diverged guesses with a strictly lower loss.
  const rankedLoss = (r: WhatIfResult): number | null => (r.diverged ? null : r.loss);
  const sorted = Float64Array.from(evaluated.map(rankedLoss).filter((l): l is number => l !== null)).sort();
  const lowerCount = (loss: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < loss) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const results = guesses.map((g, i): GuessResult => {
    const r = evaluated[i];
    const loss = rankedLoss(r);
    return {
      id: g.id,
      alpha: g.alpha,
      loss: r.loss,
      drop: r.loss === null ? null : L0 - r.loss,
      diverged: r.diverged,
      reason: r.reason,
      score: best === null ? 0 : scoreFormula(L0, r.loss, best.loss, r.diverged),
      rank: loss === null ? sorted.length + 1 : 1 + lowerCount(loss),
    };
  });

  return {
    k: evaluator.k,
    lossBefore: L0,
    bestAlpha: best?.alpha ?? null,
    bestLoss: best?.loss ?? null,
    bestSource: best?.source ?? null,
    searchBest: curve.best,
    curve: curve.points,
    results,
    evaluations: evaluator.evaluations,
  };
}
