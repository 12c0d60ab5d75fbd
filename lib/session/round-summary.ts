import type { GuessOutcome, RoundReveal, Verdict } from "@/lib/protocol";
import type { RoundState } from "./state";

/** Median of the α values guessed in a round (geometric middle for an even count, since α lives on a log scale). */
export function medianAlpha(round: RoundState): number | null {
  const alphas = [...round.guesses.values()].map((g) => g.alpha).sort((a, b) => a - b);
  if (alphas.length === 0) return null;
  const mid = alphas.length >> 1;
  return alphas.length % 2 === 1 ? alphas[mid] : Math.sqrt(alphas[mid - 1] * alphas[mid]);
}

export function revealOf(round: RoundState): RoundReveal | null {
  const s = round.scoring;
  if (!s) return null;
  return {
    round: round.number,
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

/** Plain-words judgement of a guess, shown on the student's phone after the reveal. */
export function verdictOf(outcome: GuessOutcome | null, bestAlpha: number | null): Verdict {
  if (!outcome) return "no-guess";
  if (outcome.diverged) return "diverged";
  if (outcome.baseScore >= ABOUT_RIGHT_SCORE || bestAlpha === null) return "about-right";
  return outcome.alpha < bestAlpha ? "too-small" : "too-large";
}
