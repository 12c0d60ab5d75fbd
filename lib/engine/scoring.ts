/**
 * Scoring a round of learning-rate guesses — or, with momentum, of β guesses
 * at a fixed α — against the loss the network actually reaches.
 */
import { BETA_CURVE_DEFAULTS, BetaWhatIfEvaluator, type BestBeta, type BetaWhatIfResult } from "./beta-what-if";
import { validateAlpha, type DivergenceReason } from "./divergence";
import { requireMomentum, validateBeta } from "./optimizer";
import type { EngineState } from "./state";
import {
  CURVE_DEFAULTS,
  WhatIfEvaluator,
  type AlphaGridOptions,
  type BestAlpha,
  type WhatIfOptions,
  type WhatIfOutcome,
  type WhatIfResult,
} from "./what-if";

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

export interface ScoreOptions extends AlphaGridOptions, WhatIfOptions {
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

/** A guess of either kind, as the shared scoring sees it: its id and the value guessed. */
interface JudgedValue {
  readonly id: string;
  readonly value: number;
}

/** Per guess: its score and rank; and the value and loss defining L_best. */
interface Judgement {
  readonly best: { readonly value: number; readonly loss: number; readonly source: "search" | "guess" } | null;
  /** Per guess, in order: everything of its result but its id and value. */
  readonly scored: readonly Omit<GuessResult, "id" | "alpha">[];
}

/** Duplicate ids and invalid values are refused before any work, naming the guess. */
function checkGuesses(guesses: readonly JudgedValue[], validate: (value: number, whose: string) => number): void {
  const ids = new Set<string>();
  for (const g of guesses) {
    if (ids.has(g.id)) throw new RangeError(`duplicate guess id ${JSON.stringify(g.id)}`);
    ids.add(g.id);
    validate(g.value, `guess ${JSON.stringify(g.id)}`);
  }
}

/**
 * The scoring shared by α and β rounds: L_best from the search or a better guess, the score formula, and
 * competition ranking (1 + number of non-diverged guesses with a strictly lower loss; diverged share the last rank).
 */
function judge(
  lossBefore: number,
  searchBest: { readonly value: number; readonly loss: number } | null,
  evaluated: readonly WhatIfOutcome[],
  values: readonly number[],
): Judgement {
  let best: Judgement["best"] = searchBest ? { ...searchBest, source: "search" } : null;
  evaluated.forEach((r, i) => {
    if (!r.diverged && r.loss !== null && (best === null || r.loss < best.loss)) best = { value: values[i], loss: r.loss, source: "guess" };
  });

  const rankedLoss = (r: WhatIfOutcome): number | null => (r.diverged ? null : r.loss);
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
  const scored = evaluated.map((r) => {
    const loss = rankedLoss(r);
    return {
      loss: r.loss,
      drop: r.loss === null ? null : lossBefore - r.loss,
      diverged: r.diverged,
      reason: r.reason,
      score: best === null ? 0 : scoreFormula(lossBefore, r.loss, best.loss, r.diverged),
      rank: loss === null ? sorted.length + 1 : 1 + lowerCount(loss),
    };
  });
  return { best, scored };
}

/**
 * Score guesses for the current state. Pure: the state is not changed.
 * Equal α values are evaluated once. Throws RangeError on a non-positive or
 * non-finite α (naming the guess), a duplicate id, or a bad k. With momentum,
 * every α steps with the state's velocity and the configuration's β (or
 * options.beta).
 */
export function scoreGuesses(state: EngineState, guesses: readonly Guess[], options: ScoreOptions = {}): RoundResult {
  checkGuesses(guesses.map((g) => ({ id: g.id, value: g.alpha })), validateAlpha);
  const evaluator = new WhatIfEvaluator(state, options.k ?? CURVE_DEFAULTS.k, { beta: options.beta });
  const curve = evaluator.curve(options);
  const L0 = evaluator.lossBefore;
  const values = guesses.map((g) => g.alpha);
  const searchBest = curve.best && { value: curve.best.alpha, loss: curve.best.loss };
  const { best, scored } = judge(L0, searchBest, values.map((a) => evaluator.at(a)), values);
  const results = guesses.map((g, i): GuessResult => ({ id: g.id, alpha: g.alpha, ...scored[i] }));
  return {
    k: evaluator.k,
    lossBefore: L0,
    bestAlpha: best?.value ?? null,
    bestLoss: best?.loss ?? null,
    bestSource: best?.source ?? null,
    searchBest: curve.best,
    curve: curve.points,
    results,
    evaluations: evaluator.evaluations,
  };
}

export interface BetaGuess {
  readonly id: string;
  readonly beta: number;
}

export interface BetaScoreOptions {
  /** Steps each guess is run for, 1…50 (default 2; from zero velocity k = 1 makes every β equal). */
  readonly k?: number;
  /** The round's fixed learning rate. */
  readonly alpha: number;
  /** β grid size, 2…1001 (default 61). */
  readonly points?: number;
}

export interface BetaGuessResult extends Omit<GuessResult, "alpha"> {
  readonly beta: number;
}

export interface BetaRoundResult {
  readonly k: number;
  /** The fixed α every β was run with. */
  readonly alpha: number;
  readonly lossBefore: number;
  readonly bestBeta: number | null;
  readonly bestLoss: number | null;
  readonly bestSource: "search" | "guess" | null;
  readonly searchBest: BestBeta | null;
  /** The loss-versus-β curve (grid even in −ln(1 − β), 0 … 0.999). */
  readonly curve: readonly BetaWhatIfResult[];
  readonly results: readonly BetaGuessResult[];
  /** Distinct β values evaluated (grid + refinement + distinct guesses). */
  readonly evaluations: number;
}

/**
 * Score momentum-β guesses at a fixed α: the same formula, ranking and divergence rules as scoreGuesses, over β.
 * Pure. RangeError when the configuration is not momentum, on a β outside 0…0.999 (naming the guess), a duplicate
 * id, a bad α or k. Note: from zero velocity with k = 1 every β scores the same (see beta-what-if.ts).
 */
export function scoreBetaGuesses(state: EngineState, guesses: readonly BetaGuess[], options: BetaScoreOptions): BetaRoundResult {
  requireMomentum(state.config, "scoring β guesses");
  checkGuesses(guesses.map((g) => ({ id: g.id, value: g.beta })), validateBeta);
  const evaluator = new BetaWhatIfEvaluator(state, { alpha: options.alpha, k: options.k ?? BETA_CURVE_DEFAULTS.k });
  const curve = evaluator.curve(options.points ?? BETA_CURVE_DEFAULTS.points);
  const L0 = evaluator.lossBefore;
  const values = guesses.map((g) => g.beta);
  const searchBest = curve.best && { value: curve.best.beta, loss: curve.best.loss };
  const { best, scored } = judge(L0, searchBest, values.map((b) => evaluator.at(b)), values);
  const results = guesses.map((g, i): BetaGuessResult => ({ id: g.id, beta: g.beta, ...scored[i] }));
  return {
    k: evaluator.k,
    alpha: evaluator.alpha,
    lossBefore: L0,
    bestBeta: best?.value ?? null,
    bestLoss: best?.loss ?? null,
    bestSource: best?.source ?? null,
    searchBest: curve.best,
    curve: curve.points,
    results,
    evaluations: evaluator.evaluations,
  };
}
