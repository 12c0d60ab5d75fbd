/**
 * The one generic network every scenario compiles to: a fully connected
 * multi-layer perceptron with one output, plus the layout of its flat
 * parameter vector.
 *
 * Layer numbering is used everywhere in the engine (traces, chain rule,
 * parameter refs): layer 0 is the input layer (no parameters), layers
 * 1…L-1 are hidden, layer L is the output layer.
 */
import type { ActivationName } from "./activations";
import type { EngineConfig, HiddenLayer } from "./config";
import { DETERMINISTIC_MATH, type EngineMath } from "./engine-math";
import type { LossName } from "./losses";

/** One layer of neurons. */
export interface LayerSpec {
  /** Number of neurons. */
  readonly size: number;
  /** Activation f applied to the pre-activation z (input layer: "linear", unused). */
  readonly activation: ActivationName;
  /** Whether the layer has a bias per neuron (input layer: false). */
  readonly hasBias: boolean;
}

/** Generic MLP description, independent of any scenario. */
export interface MlpSpec {
  /** Number of inputs (= layers[0].size). */
  readonly inputDim: number;
  /** layers[0] is the input layer; the last one is the output layer (size 1). */
  readonly layers: readonly LayerSpec[];
  /** Loss per sample (see losses.ts for the cost convention). */
  readonly loss: LossName;
}

/** Where one layer's numbers live in the flat arrays. */
export interface LayerLayout extends LayerSpec {
  /** Layer number (0 = input). */
  readonly layer: number;
  /** Neurons in the previous layer (0 for the input layer). */
  readonly fanIn: number;
  /** W[to][from] of this layer is params[weightOffset + to * fanIn + from]. */
  readonly weightOffset: number;
  /** b[to] is params[biasOffset + to]; -1 when the layer has no bias. */
  readonly biasOffset: number;
  /** First index of this layer's neurons when all neurons are numbered input-first. */
  readonly neuronOffset: number;
}

/** One entry of the parameter vector: a weight (from = source neuron) or a bias (from = "bias"). */
export interface ParamRef {
  /** Layer that receives the connection (1…L). */
  readonly layer: number;
  /** Neuron in `layer`. */
  readonly to: number;
  /** Neuron in `layer - 1`, or "bias". */
  readonly from: number | "bias";
}

export interface ParamEntry extends ParamRef {
  /** Position in the flat parameter vector. */
  readonly index: number;
}

/** A compiled network: the description plus offsets; shared, never mutated. */
export interface Network extends MlpSpec {
  readonly layers: readonly LayerLayout[];
  readonly outputActivation: ActivationName;
  /** Length of the parameter vector. */
  readonly paramCount: number;
  /** Total number of neurons, inputs included. */
  readonly neuronCount: number;
  /** Widest layer (sizes scratch buffers). */
  readonly maxWidth: number;
  /** params[i] is described by paramEntries[i]. */
  readonly paramEntries: readonly ParamEntry[];
  /** The elementary functions (and activations, BCE) this network computes with: fixed by the math version. */
  readonly math: EngineMath;
}

function hiddenSpecs(hidden: readonly HiddenLayer[]): LayerSpec[] {
  return hidden.map((h) => ({ size: h.neurons, activation: h.activation, hasBias: true }));
}

/** Compile a scenario configuration to the generic MLP description. */
export function describeMlp(config: EngineConfig): MlpSpec {
  const input = (size: number): LayerSpec => ({ size, activation: "linear", hasBias: false });
  switch (config.scenario) {
    case "one-weight":
      return { inputDim: 1, layers: [input(1), { size: 1, activation: "linear", hasBias: false }], loss: "mse" };
    case "line-fit":
      return { inputDim: 1, layers: [input(1), { size: 1, activation: "linear", hasBias: true }], loss: "mse" };
    case "classification":
      return {
        inputDim: 2,
        layers: [input(2), ...hiddenSpecs(config.hiddenLayers), { size: 1, activation: "sigmoid", hasBias: true }],
        loss: config.loss,
      };
    case "curve-fit":
      return {
        inputDim: 1,
        layers: [input(1), ...hiddenSpecs(config.hiddenLayers), { size: 1, activation: "linear", hasBias: true }],
        loss: "mse",
      };
  }
}

/** Lay out the parameters: layer by layer, weights row-major (to, from), then that layer's biases. */
export function compileNetwork(spec: MlpSpec, math: EngineMath = DETERMINISTIC_MATH): Network {
  const last = spec.layers[spec.layers.length - 1];
  if (spec.layers.length < 2 || last.size !== 1) throw new RangeError("an MLP needs an input layer and one output neuron");
  if (spec.layers[0].size !== spec.inputDim) throw new RangeError("layers[0].size must equal inputDim");
  if (spec.loss === "bce" && last.activation !== "sigmoid") throw new RangeError("bce loss needs a sigmoid output");

  const layers: LayerLayout[] = [];
  const entries: ParamEntry[] = [];
  let offset = 0;
  let neuronOffset = 0;
  let maxWidth = 0;
  spec.layers.forEach((l, layer) => {
    const fanIn = layer === 0 ? 0 : spec.layers[layer - 1].size;
    const weightOffset = offset;
    for (let to = 0; to < l.size; to++)
      for (let from = 0; from < fanIn; from++) entries.push({ index: offset++, layer, to, from });
    const biasOffset = l.hasBias && layer > 0 ? offset : -1;
    if (biasOffset >= 0) for (let to = 0; to < l.size; to++) entries.push({ index: offset++, layer, to, from: "bias" });
    layers.push({ ...l, hasBias: biasOffset >= 0, layer, fanIn, weightOffset, biasOffset, neuronOffset });
    neuronOffset += l.size;
    maxWidth = Math.max(maxWidth, l.size);
  });
  return {
    inputDim: spec.inputDim,
    loss: spec.loss,
    layers,
    outputActivation: last.activation,
    paramCount: offset,
    neuronCount: neuronOffset,
    maxWidth,
    paramEntries: entries,
    math,
  };
}

/** Index of a weight or bias in the parameter vector; RangeError if it does not exist. */
export function paramIndex(net: Network, ref: ParamRef): number {
  const l = net.layers[ref.layer];
  if (ref.layer < 1 || l === undefined || !Number.isInteger(ref.layer))
    throw new RangeError(`layer must be 1…${net.layers.length - 1} (got ${ref.layer})`);
  if (!Number.isInteger(ref.to) || ref.to < 0 || ref.to >= l.size)
    throw new RangeError(`to must be 0…${l.size - 1} in layer ${ref.layer} (got ${ref.to})`);
  if (ref.from === "bias") {
    if (l.biasOffset < 0) throw new RangeError(`layer ${ref.layer} has no bias`);
    return l.biasOffset + ref.to;
  }
  if (!Number.isInteger(ref.from) || ref.from < 0 || ref.from >= l.fanIn)
    throw new RangeError(`from must be 0…${l.fanIn - 1} or "bias" for layer ${ref.layer} (got ${ref.from})`);
  return l.weightOffset + ref.to * l.fanIn + ref.from;
}
