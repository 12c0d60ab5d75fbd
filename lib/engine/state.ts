/**
 * The engine state: everything needed to continue training, as one immutable
 * value. Engine functions never modify a state; they return new ones that
 * share the unchanged parts (config, network, data) with the old one.
 */
import { readConfig, type EngineConfig, type EngineConfigInput } from "./config";
import { generateDataset, type Dataset } from "./datasets";
import { mathFor } from "./engine-math";
import { initialParams } from "./init";
import { createWorkspace, lossAndGradient } from "./mlp-kernel";
import { compileNetwork, describeMlp, type Network } from "./network";
import { mathVersionOf } from "./math-version";
import { Rng, RNG_STREAM, type RngState } from "./prng";

export interface EngineState {
  /** Validated, complete configuration (frozen). */
  readonly config: EngineConfig;
  /** Compiled network and parameter layout (frozen, shared by all states of this config). */
  readonly network: Network;
  /** Generated data (shared; the typed arrays must be treated as read-only). */
  readonly data: Dataset;
  /**
   * Weights and biases, laid out as network.paramEntries describes. Always
   * finite. Owned by this state: treat as read-only (the engine never writes
   * to a state's params after creating it).
   */
  readonly params: Float64Array;
  /** Number of gradient-descent updates applied since creation/reset. */
  readonly step: number;
  /** Generator state for mini-batch sampling (advanced only by applied steps). */
  readonly rng: RngState;
  /**
   * Training cost J(params). Derived (not serialised): computed together with
   * `gradient` whenever a state is made, so a step needs one forward and one
   * backward pass, not two forward passes.
   */
  readonly loss: number;
  /** ∂J/∂params over the whole training split (derived, read-only, same layout as params). */
  readonly gradient: Float64Array;
  /**
   * Momentum velocity v (heavy ball: v ← βv + g, θ ← θ − αv), same layout as params. Zeros at creation and after a
   * reset. For gradient-descent configurations it stays zeros and is never read (and may be shared between states);
   * for momentum ones it is serialised and checksummed with the params. Always finite; treat as read-only.
   */
  readonly velocity: Float64Array;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Build a state from parts (used by creation, steps and deserialisation).
 * `velocity` null means zeros. `derived` passes an already computed loss and
 * gradient at `params`; otherwise they are computed here.
 */
export function assembleState(
  config: EngineConfig,
  network: Network,
  data: Dataset,
  params: Float64Array,
  step: number,
  rng: RngState,
  velocity: Float64Array | null,
  derived?: { loss: number; gradient: Float64Array },
): EngineState {
  const frozenRng: RngState = Object.freeze([rng[0], rng[1], rng[2], rng[3]] as const);
  let loss: number;
  let gradient: Float64Array;
  if (derived) {
    ({ loss, gradient } = derived);
  } else {
    gradient = new Float64Array(network.paramCount);
    const n = data.nTrain;
    loss = lossAndGradient(network, params, data.x, n + data.nTest, data.y, n, createWorkspace(network, n), gradient);
  }
  const v = velocity ?? new Float64Array(network.paramCount);
  return Object.freeze({ config, network, data, params, step, rng: frozenRng, loss, gradient, velocity: v });
}

/** Validated config, compiled network and dataset for a configuration. */
export function prepare(configInput: unknown): { config: EngineConfig; network: Network; data: Dataset } {
  const config = deepFreeze(readConfig(configInput));
  // The math version is read here once: the network carries its functions (network.math) for every later call.
  const network = deepFreeze(compileNetwork(describeMlp(config), mathFor(mathVersionOf(config))));
  const data = deepFreeze(generateDataset(config));
  return { config, network, data };
}

/**
 * A fresh state (step 0) for a configuration, which may omit defaulted fields.
 * It is validated again (JSON from a client can be passed after parseConfig or
 * directly); throws EngineConfigError when invalid. The configuration is taken
 * as stored: without `mathVersion` it is a legacy one (Math.*), so a new lesson
 * passes parseConfig's output, which carries the current version.
 */
export function createState(configInput: EngineConfigInput): EngineState {
  const { config, network, data } = prepare(configInput);
  const params = initialParams(config, network);
  return assembleState(config, network, data, params, 0, Rng.fromSeed(config.seed, RNG_STREAM.batches).snapshot(), null);
}

/** Start over from the same configuration, optionally with another seed (new data and weights then); velocity zero. */
export function resetState(state: EngineState, seed: number = state.config.seed): EngineState {
  return createState({ ...state.config, seed });
}

/** Samples in place: input d of sample s is xs[d * xStride + s], its target ys[s]. */
export interface SampleView {
  readonly xs: Float64Array;
  readonly xStride: number;
  readonly ys: Float64Array;
  readonly n: number;
}

/** The training split as views (no copy). */
export function trainingSet(state: EngineState): SampleView {
  const { x, y, nTrain, nTest } = state.data;
  return { xs: x, xStride: nTrain + nTest, ys: y.subarray(0, nTrain), n: nTrain };
}

/** The test split as views (no copy); n may be 0. */
export function testSet(state: EngineState): SampleView {
  const { x, y, nTrain, nTest } = state.data;
  return { xs: x.subarray(nTrain), xStride: nTrain + nTest, ys: y.subarray(nTrain), n: nTest };
}
