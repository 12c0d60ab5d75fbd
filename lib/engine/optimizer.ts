/**
 * Which update rule a configuration steps with, and the checks on a momentum β.
 *
 * "gd": θ ← θ − α·g. "momentum" (heavy ball): v ← β·v + g, θ ← θ − α·v, with v the state's velocity. g is the
 * step's gradient (full batch, or the step's mini-batch). β = 0 is plain descent bit for bit (v = 0·v + g = g).
 */
import { CONFIG_LIMITS, OPTIMIZER, type EngineConfig, type Optimizer } from "./config";

const GD: Optimizer = Object.freeze({ kind: OPTIMIZER.gd });

/** The configuration's optimizer; absent (every log recorded before momentum) is plain gradient descent. */
export function optimizerOf(config: Pick<EngineConfig, "optimizer">): Optimizer {
  return config.optimizer ?? GD;
}

/** Whether a configuration steps with momentum. */
export function isMomentum(config: Pick<EngineConfig, "optimizer">): boolean {
  return optimizerOf(config).kind === OPTIMIZER.momentum;
}

/**
 * Momentum β must be a finite number from 0 to 0.999. Returns β; throws a RangeError meant for people, prefixed with
 * `whose` when given (e.g. a student's guess).
 */
export function validateBeta(beta: unknown, whose?: string): number {
  if (typeof beta !== "number" || !Number.isFinite(beta) || beta < 0 || beta > CONFIG_LIMITS.maxBeta)
    throw new RangeError(
      `${whose ? `${whose}: ` : ""}momentum β must be a number from 0 to ${CONFIG_LIMITS.maxBeta} (got ${String(beta)})`,
    );
  return beta;
}

/** RangeError unless the configuration steps with momentum (β only means something then). */
export function requireMomentum(config: Pick<EngineConfig, "optimizer">, what: string): void {
  if (!isMomentum(config))
    throw new RangeError(`${what} needs a momentum configuration (optimizer { kind: "momentum", beta }); this one is plain gradient descent`);
}

/**
 * The β a step uses: the override when given (RangeError if the configuration is not momentum or β is out of
 * range), else the configuration's; null for plain gradient descent.
 */
export function stepBeta(config: Pick<EngineConfig, "optimizer">, override?: number): number | null {
  const opt = optimizerOf(config);
  if (override !== undefined) {
    requireMomentum(config, "a β override");
    return validateBeta(override);
  }
  return opt.kind === OPTIMIZER.momentum ? opt.beta : null;
}
