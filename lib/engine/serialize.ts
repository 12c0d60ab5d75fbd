/**
 * Whole-state round trip through plain JSON. Numbers come back exactly
 * (JSON prints the shortest decimal that reads back to the same double, and
 * the engine never stores -0). The dataset is not stored: it is regenerated
 * from the configuration and its seed.
 */
import { z } from "zod";
import { EngineConfigSchema, issuesFromZod } from "./config";
import { EngineConfigError } from "./errors";
import { isMomentum } from "./optimizer";
import { assembleState, prepare, type EngineState } from "./state";

export const SERIAL_VERSION = 1;

const uint32 = z.number().int().min(0).max(0xffffffff);

export const SerializedStateSchema = z.strictObject({
  version: z.literal(SERIAL_VERSION),
  /** The complete configuration (defaults already filled in). */
  config: EngineConfigSchema,
  /** Parameters in network.paramEntries order; all finite. */
  params: z.array(z.number({ error: "params must be finite numbers" })),
  step: z.number().int().min(0),
  rng: z.tuple([uint32, uint32, uint32, uint32]),
  /**
   * Momentum velocity in params order: written for momentum configurations only. Absent = zeros (every state
   * serialised before momentum, and every gradient-descent one), so SERIAL_VERSION stays 1.
   */
  velocity: z.array(z.number({ error: "velocity must be finite numbers" })).optional(),
});
export type SerializedState = z.infer<typeof SerializedStateSchema>;

export function serializeState(state: EngineState): SerializedState {
  return {
    version: SERIAL_VERSION,
    config: structuredClone(state.config),
    params: Array.from(state.params),
    step: state.step,
    rng: [state.rng[0], state.rng[1], state.rng[2], state.rng[3]],
    ...(isMomentum(state.config) ? { velocity: Array.from(state.velocity) } : {}),
  };
}

function invalid(path: string, message: string): EngineConfigError {
  return new EngineConfigError([{ path, keys: [path], message }], "Invalid serialised engine state");
}

/** Rebuild a state from serializeState's output (or its JSON). Throws EngineConfigError if invalid. */
export function deserializeState(input: unknown): EngineState {
  const parsed = SerializedStateSchema.safeParse(input);
  if (!parsed.success) throw new EngineConfigError(issuesFromZod(parsed.error, input), "Invalid serialised engine state");
  const s = parsed.data;
  const { config, network, data } = prepare(s.config);
  if (s.params.length !== network.paramCount)
    throw invalid("params", `expected ${network.paramCount} parameters for this network (got ${s.params.length})`);
  const params = Float64Array.from(s.params, (v) => (v === 0 ? 0 : v));
  let velocity: Float64Array | null = null;
  if (s.velocity !== undefined) {
    if (s.velocity.length !== network.paramCount)
      throw invalid("velocity", `expected ${network.paramCount} velocity values for this network (got ${s.velocity.length})`);
    // A plain-descent state's velocity is zeros by definition: anything else is not a state this engine made.
    if (!isMomentum(config) && s.velocity.some((v) => v !== 0))
      throw invalid("velocity", "a gradient-descent state has no velocity (only momentum configurations do)");
    velocity = Float64Array.from(s.velocity, (v) => (v === 0 ? 0 : v));
  }
  return assembleState(config, network, data, params, s.step, s.rng, velocity);
}
