import { checksum, scoreBetaGuesses, scoreGuesses, type EngineState } from "@/lib/engine";
import { GuessKind } from "@/lib/protocol";
import type { RoundScoring } from "./events";
import { speedBonus } from "./speed-bonus";
import type { RoundState, SessionState } from "./state";

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

/** What scoring needs of a round being closed at `closedAt`: its guesses (latest per player) and the session's rules. */
export function roundScoringInput(state: SessionState, round: RoundState, closedAt: number): RoundScoringInput {
  return {
    ...(round.guess === GuessKind.beta ? { guess: GuessKind.beta, fixedAlpha: round.fixedAlpha! } : {}),
    k: round.k,
    guesses: [...round.guesses.entries()].map(([playerId, g]) => ({ playerId, alpha: g.alpha, at: g.at })),
    openedAt: round.openedAt,
    closedAt,
    speedBonus: state.rules.speedBonus,
    alphaMin: state.rules.alphaMin,
    alphaMax: state.rules.alphaMax,
  };
}

/**
 * Scores a closed round against the network as it stood: the engine's score per guess (see lib/engine scoring),
 * plus the speed bonus when the session's rule is on. A β round is scored on β at its fixed α (scoreBetaGuesses) and
 * stored in the same shape, β in the α-named fields (events.ts round.opened). Deterministic; the server runs it off
 * the main thread for large rounds and stores the outcome in the round.closed event.
 */
export function scoreRound(engine: EngineState, input: RoundScoringInput): RoundScoring {
  const scored = input.guess === GuessKind.beta ? betaRound(engine, input) : alphaRound(engine, input);
  const duration = input.closedAt - input.openedAt;
  return {
    k: scored.k,
    lossBefore: scored.lossBefore,
    bestAlpha: scored.best,
    bestLoss: scored.bestLoss,
    curve: scored.curve,
    results: scored.results.map((r, i) => {
      const answeredAfterMs = Math.max(0, input.guesses[i].at - input.openedAt);
      const bonus = input.speedBonus ? speedBonus(r.score, answeredAfterMs, duration) : 0;
      return {
        playerId: r.id,
        alpha: r.value,
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

/** What both kinds of round give the stored scoring, `value` being the α or the β guessed. */
type Scored = {
  k: number;
  lossBefore: number;
  best: number | null;
  bestLoss: number | null;
  curve: RoundScoring["curve"];
  results: { id: string; value: number; loss: number | null; diverged: boolean; score: number; rank: number }[];
};

function alphaRound(engine: EngineState, input: RoundScoringInput): Scored {
  const result = scoreGuesses(
    engine,
    input.guesses.map((g) => ({ id: g.playerId, alpha: g.alpha })),
    { k: input.k, minAlpha: input.alphaMin, maxAlpha: input.alphaMax },
  );
  return {
    k: result.k,
    lossBefore: result.lossBefore,
    best: result.bestAlpha,
    bestLoss: result.bestLoss,
    curve: result.curve.map((p) => ({ alpha: p.alpha, loss: p.loss, diverged: p.diverged })),
    results: result.results.map((r) => ({ id: r.id, value: r.alpha, loss: r.loss, diverged: r.diverged, score: r.score, rank: r.rank })),
  };
}

function betaRound(engine: EngineState, input: RoundScoringInput): Scored {
  if (input.fixedAlpha === undefined) throw new Error("a β round is scored at its fixed α, and none was given");
  const result = scoreBetaGuesses(
    engine,
    input.guesses.map((g) => ({ id: g.playerId, beta: g.alpha })),
    { k: input.k, alpha: input.fixedAlpha },
  );
  return {
    k: result.k,
    lossBefore: result.lossBefore,
    best: result.bestBeta,
    bestLoss: result.bestLoss,
    curve: result.curve.map((p) => ({ alpha: p.beta, loss: p.loss, diverged: p.diverged })),
    results: result.results.map((r) => ({ id: r.id, value: r.beta, loss: r.loss, diverged: r.diverged, score: r.score, rank: r.rank })),
  };
}
