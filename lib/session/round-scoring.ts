import { checksum, scoreGuesses, type EngineState } from "@/lib/engine";
import { GuessKind } from "@/lib/protocol";
import type { RoundScoring } from "./events";
import { speedBonus } from "./speed-bonus";

export type RoundScoringInput = {
  /** "beta": a β round, scored at `fixedAlpha` (absent: an α round, as every round before momentum). */
  guess?: GuessKind;
  fixedAlpha?: number;
  k: number;
  guesses: readonly { playerId: string; alpha: number; at: number }[];
  openedAt: number;
  closedAt: number;
  speedBonus: boolean;
  alphaMin: number;
  alphaMax: number;
};

/**
 * Scores a closed round against the network as it stood: the engine's score per guess (see lib/engine scoring),
 * plus the speed bonus when the session's rule is on. Deterministic; the server runs it off the main thread for
 * large rounds and stores the outcome in the round.closed event.
 */
export function scoreRound(engine: EngineState, input: RoundScoringInput): RoundScoring {
  // TODO(h-engine merge): score β rounds with the engine's scoreBetaGuesses.
  if (input.guess === GuessKind.beta) throw new Error("scoring a β round needs the engine's scoreBetaGuesses (merge h-engine)");
  const result = scoreGuesses(
    engine,
    input.guesses.map((g) => ({ id: g.playerId, alpha: g.alpha })),
    { k: input.k, minAlpha: input.alphaMin, maxAlpha: input.alphaMax },
  );
  const duration = input.closedAt - input.openedAt;
  return {
    k: result.k,
    lossBefore: result.lossBefore,
    bestAlpha: result.bestAlpha,
    bestLoss: result.bestLoss,
    curve: result.curve.map((p) => ({ alpha: p.alpha, loss: p.loss, diverged: p.diverged })),
    results: result.results.map((r, i) => {
      const answeredAfterMs = Math.max(0, input.guesses[i].at - input.openedAt);
      const bonus = input.speedBonus ? speedBonus(r.score, answeredAfterMs, duration) : 0;
      return {
        playerId: r.id,
        alpha: r.alpha,
        loss: r.loss,
        diverged: r.diverged,
        baseScore: r.score,
        bonus,
        score: r.score + bonus,
        rank: r.rank,
        answeredAfter: Math.round(answeredAfterMs) / 1000,
      };
    }),
    checksum: checksum(engine),
  };
}
