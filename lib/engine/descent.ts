/** Gradient descent (plain or with momentum) on the live state: one step, or several. */
import { validateAlpha, validateSteps, type DivergenceReason } from "./divergence";
import { stepBeta } from "./optimizer";
import { assembleState, type EngineState } from "./state";
import { Trajectory } from "./trajectory";

/**
 * The most steps one runSteps call takes: a guard on the engine's own API, not a session rule (a host's "run k steps"
 * is capped by MAX_RUN_STEPS in lib/protocol/rules.ts, and the session steps the engine one step per call anyway).
 */
export const MAX_STEPS_PER_CALL = 10_000;

export interface StepResult {
  /** The new state; the very same input object when the step was not applied. */
  readonly state: EngineState;
  /** False only for a "non-finite" divergence. */
  readonly applied: boolean;
  /** Training loss before the step. */
  readonly lossBefore: number;
  /** Training loss of `state` (equals lossBefore when not applied). */
  readonly lossAfter: number;
  readonly diverged: boolean;
  readonly reason: DivergenceReason | null;
}

export interface RunResult {
  /** State after the applied steps (the input object if none was applied). */
  readonly state: EngineState;
  readonly lossBefore: number;
  /** Training loss after each applied step (length = stepsApplied). */
  readonly losses: readonly number[];
  readonly stepsApplied: number;
  readonly diverged: boolean;
  readonly reason: DivergenceReason | null;
}

export interface StepOptions {
  /**
   * Momentum β for these steps instead of the configuration's (a class's β after a β round); the configuration is
   * unchanged. RangeError when the configuration is not momentum or β is outside 0…0.999.
   */
  readonly beta?: number;
}

/**
 * Up to k steps of θ ← θ − α·∇J(θ) — or, with momentum, v ← βv + ∇J(θ),
 * θ ← θ − αv — (full batch, or one mini-batch per step when config.batchSize
 * is set). Stops at the first divergence. The input state is never modified.
 */
export function runSteps(state: EngineState, alpha: number, k: number, options: StepOptions = {}): RunResult {
  validateAlpha(alpha);
  validateSteps(k, MAX_STEPS_PER_CALL);
  const traj = new Trajectory(state, stepBeta(state.config, options.beta));
  const losses: number[] = [];
  const out = traj.run(alpha, k, { losses, wantGradient: true });
  const next =
    out.applied === 0 || out.gradient === null
      ? state
      : assembleState(
          state.config,
          state.network,
          state.data,
          out.params.slice(),
          state.step + out.applied,
          traj.rngAfterSteps(out.applied),
          traj.beta === null ? state.velocity : out.velocity.slice(),
          { loss: out.loss, gradient: out.gradient.slice() },
        );
  return {
    state: next,
    lossBefore: traj.loss0,
    losses,
    stepsApplied: out.applied,
    diverged: out.diverged,
    reason: out.reason,
  };
}

/** One gradient-descent step with learning rate α (see runSteps). */
export function trainStep(state: EngineState, alpha: number, options: StepOptions = {}): StepResult {
  const r = runSteps(state, alpha, 1, options);
  return {
    state: r.state,
    applied: r.stepsApplied === 1,
    lossBefore: r.lossBefore,
    lossAfter: r.stepsApplied === 1 ? r.losses[0] : r.lossBefore,
    diverged: r.diverged,
    reason: r.reason,
  };
}
