import { GuessKind, type GuessOutcome, type RoundReveal, type Verdict } from "@/lib/protocol";
import type { RoundState } from "./state";

/**
 * Median of the values guessed in a round. For an even count the middle of the two central guesses on the value's
 * own scale: geometric for α (a log scale), and for β the geometric middle of 1 − β (β's scale is fine near 1, and
 * a plain geometric mean would collapse to 0 beside a β of 0). sqrt is correctly rounded, so this is deterministic.
 */
export function medianAlpha(round: Pick<RoundState, "guesses" | "guess">): number | null {
  const values = [...round.guesses.values()].map((g) => g.alpha).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const mid = values.length >> 1;
  if (values.length % 2 === 1) return values[mid];
  const [a, b] = [values[mid - 1], values[mid]];
  return round.guess === GuessKind.beta ? 1 - Math.sqrt((1 - a) * (1 - b)) : Math.sqrt(a * b);
}

export function revealOf(round: RoundState): RoundReveal | null {
  const s = round.scoring;
  if (!s) return null;
  return {
    round: round.number,
    guess: round.guess,
    fixedAlpha: round.fixedAlpha,
    k: s.k,
    lossBefore: s.lossBefore,
    bestAlpha: s.bestAlpha,
    bestLoss: s.bestLoss,
    curve: s.curve,
    guessCount: s.results.length,
    medianAlpha: medianAlpha(round),
  };
}

/** A guess is "about right" when it achieved at least this share of the best possible loss drop. */
export const ABOUT_RIGHT_SCORE = 800;

/**
 * Plain-words judgement of a guess, shown on the student's phone after the reveal. The same reading serves β: a β
 * below the best is "too-small" (too little momentum), above it "too-large" (too much: the path overshoots).
 */
export function verdictOf(outcome: GuessOutcome | null, bestAlpha: number | null): Verdict {
  if (!outcome) return "no-guess";
  if (outcome.diverged) return "diverged";
  if (outcome.baseScore >= ABOUT_RIGHT_SCORE || bestAlpha === null) return "about-right";
  return outcome.alpha < bestAlpha ? "too-small" : "too-large";
}
