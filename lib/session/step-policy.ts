import { lossCurve, type EngineState } from "@/lib/engine";
import { ErrorCode, GuessKind, type StepPolicy } from "@/lib/protocol";
import { medianAlpha } from "./round-summary";
import { currentRound, lastRevealedRound, type SessionState } from "./state";

/**
 * The engine's best α for one step, per engine state. The search costs ~20 ms on the larger scenarios and the host
 * view's gates ask for it on every snapshot; engine states are immutable (each step makes a new one), so this is a
 * pure function remembered per state.
 */
const bestAlphas = new WeakMap<EngineState, number | null>();
export function engineBestAlpha(engine: EngineState): number | null {
  let best = bestAlphas.get(engine);
  if (best === undefined) bestAlphas.set(engine, (best = lossCurve(engine, { k: 1 }).best?.alpha ?? null));
  return best;
}

/**
 * `beta`: set when the step uses a class's β instead of the configuration's — after a β round, whose fixed α is then
 * `alpha`. Absent for α rounds, the engine's choice and the host's own α.
 */
export type PolicyChoice = { ok: true; alpha: number; beta?: number; playerId: string | null } | { ok: false; code: ErrorCode; message: string };

/**
 * Which α the shared step uses. Class-based policies read the latest revealed round, but not while the current round
 * is closed and unrevealed: the class should see its guesses before one is used (the console's buttons follow this
 * through the gates, so there is one rule). The engine's best α is searched on the current network (one step ahead),
 * so it is right even when no round was played. After a β round the class chose a β: the step takes it at the round's
 * fixed α.
 */
export function chooseAlpha(
  state: SessionState,
  policy: StepPolicy,
  options: { alpha?: number; playerId?: string },
): PolicyChoice {
  if (policy === "host") return { ok: true, alpha: options.alpha!, playerId: null };
  if (policy === "engine") {
    const best = engineBestAlpha(state.engine);
    if (best === null) return { ok: false, code: ErrorCode.INVALID_STATE, message: "Every learning rate diverges from here; reset the network" };
    return { ok: true, alpha: best, playerId: null };
  }
  const current = currentRound(state);
  if (current?.status === "closed")
    return {
      ok: false,
      code: ErrorCode.NOT_REVEALED,
      message: `Reveal round ${current.number} first: the class should see the guesses before one is used`,
    };
  const round = lastRevealedRound(state);
  if (!round) return { ok: false, code: ErrorCode.NO_GUESSES, message: "Needs a revealed round with guesses: open, close and reveal one first" };
  if (round.guesses.size === 0) return { ok: false, code: ErrorCode.NO_GUESSES, message: `Nobody guessed in round ${round.number}` };
  // The round's value is an α, or a β to use at the round's fixed α.
  const chosen = (value: number, playerId: string | null): PolicyChoice =>
    round.guess === GuessKind.beta ? { ok: true, alpha: round.fixedAlpha!, beta: value, playerId } : { ok: true, alpha: value, playerId };
  if (policy === "median") return chosen(medianAlpha(round)!, null);
  const results = round.scoring?.results ?? [];
  if (policy === "best-guess") {
    const best = results.filter((r) => !r.diverged && r.loss !== null).sort((a, b) => a.loss! - b.loss!)[0];
    if (!best) return { ok: false, code: ErrorCode.NO_GUESSES, message: `Every guess diverged in round ${round.number}` };
    return chosen(best.alpha, best.playerId);
  }
  const guess = round.guesses.get(options.playerId!);
  if (!guess)
    return { ok: false, code: ErrorCode.PLAYER_NOT_FOUND, message: `That student did not guess in round ${round.number}` };
  return chosen(guess.alpha, options.playerId!);
}
