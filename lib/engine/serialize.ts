/**
 * Whole-state round trip through plain JSON. Numbers come back exactly
 * (JSON prints the shortest decimal that reads back to the same double, and
 * the engine never stores -0). The dataset is not stored: it is regenerated
 * from the configuration and its seed.
 */
import { z } from "zod";
import { EngineConfigSchema, issuesFromZod } from "./config";
import { EngineConfigError } from "./errors";
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
});
export type SerializedState = z.infer<typeof SerializedStateSchema>;

export function serializeState(state: EngineState): SerializedState {
  return {
    version: SERIAL_VERSION,
    config: structuredClone(state.config),
    params: Array.from(state.params),
    step: state.step,
    rng: [state.rng[0], state.rng[1], state.rng[2], state.rng[3]],
  };
}

/** Rebuild a state from serializeState's output (or its JSON). Throws EngineConfigError if invalid. */
export function deserializeState(input: unknown): EngineState {
  const parsed = SerializedStateSchema.safeParse(input);
  if (!parsed.success) throw new EngineConfigError(issuesFromZod(parsed.error, input), "Invalid serialised engine state");
  const s = parsed.data;
  const { config, network, data } = prepare(s.config);
  if (s.params.length !== network.paramCount)
    throw new EngineConfigError(
      [{ path: "params", keys: ["params"], message: `expected ${network.paramCount} parameters for this network (got ${s.params.length})` }],
      "Invalid serialised engine state",
    );
  const params = Float64Array.from(s.params, (v) => (v === 0 ? 0 : v));
  return assembleState(config, network, data, params, s.step, s.rng);
}
