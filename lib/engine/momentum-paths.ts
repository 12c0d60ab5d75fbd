/**
 * Plain descent beside momentum, from the same state, for the J(w) curve (one-weight) and the J(w, b) contours
 * (line-fit): the picture that shows momentum overshooting, curving and arriving sooner.
 */
import { validateAlpha, validateSteps } from "./divergence";
import { optimizerOf, validateBeta } from "./optimizer";
import type { EngineState } from "./state";
import { Trajectory } from "./trajectory";

/** Most steps one path may have (a picture, not training). */
export const MAX_PATH_STEPS = 1000;
/** Paths are drawn in parameter space, so only models this small have them. */
export const MAX_PATH_PARAMS = 2;

export interface ParamPath {
  /** The starting parameters, then the parameters after each applied step ([w] or [w, b]). */
  readonly params: readonly (readonly number[])[];
  /** Training loss at each entry of `params` (losses[0] is the state's). */
  readonly losses: readonly number[];
  /** True when the path stopped early at a divergence (the diverging step is included if it was applied). */
  readonly diverged: boolean;
}

export interface MomentumPaths {
  readonly alpha: number;
  /** The β the momentum path used. */
  readonly beta: number;
  /** `steps` steps θ ← θ − α·g (the state's velocity is ignored). */
  readonly plain: ParamPath;
  /** `steps` steps v ← βv + g, θ ← θ − αv from the state's velocity (zero at the start of a lesson). */
  readonly momentum: ParamPath;
}

/**
 * The parameter trails of `steps` plain and `steps` momentum steps from the same state, with the same α and the same
 * mini-batches. β: the given one, else the configuration's (RangeError for a plain configuration without one — the
 * comparison still works on a plain lesson when β is given). RangeError for models with more than 2 parameters.
 * Pure: the state is not changed.
 */
export function momentumPaths(state: EngineState, alpha: number, steps: number, beta?: number): MomentumPaths {
  if (state.network.paramCount > MAX_PATH_PARAMS)
    throw new RangeError(`momentum paths need a model with at most ${MAX_PATH_PARAMS} parameters (one-weight or line-fit)`);
  validateAlpha(alpha);
  validateSteps(steps, MAX_PATH_STEPS);
  const opt = optimizerOf(state.config);
  const b = beta !== undefined ? validateBeta(beta) : opt.kind === "momentum" ? opt.beta : null;
  if (b === null) throw new RangeError("momentum paths need a β: the configuration is plain gradient descent and none was given");
  const traj = new Trajectory(state, null);
  const path = (runBeta: number | null): ParamPath => {
    const params: number[][] = [Array.from(state.params)];
    const losses = [state.loss];
    const out = traj.run(alpha, steps, { losses, trail: params, beta: runBeta });
    return { params, losses, diverged: out.diverged };
  };
  return { alpha, beta: b, plain: path(null), momentum: path(b) };
}
