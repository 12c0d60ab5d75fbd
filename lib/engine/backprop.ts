/**
 * Backpropagation made visible: the full gradient, a per-layer trace of
 * z, a, δ and ∂J/∂W, ∂J/∂b, and the chain-rule factors of one parameter for
 * one sample.
 */
import { mse } from "./losses";
import { createWorkspace, gather, lossAndGradient } from "./mlp-kernel";
import { paramIndex, type ParamRef } from "./network";
import { trainingSet, type EngineState } from "./state";

export interface GradientResult {
  /** Training cost J at the state. */
  readonly loss: number;
  /** ∂J/∂θ over the whole training split (also in mini-batch mode), laid out like params. */
  readonly gradient: Float64Array;
}

/** Full training-set gradient of the state (a copy of the one the state carries). */
export function gradient(state: EngineState): GradientResult {
  return { loss: state.loss, gradient: state.gradient.slice() };
}

export interface LayerTrace {
  readonly layer: number;
  readonly size: number;
  /**
   * Pre-activations z, neuron-major: neuron j for the r-th traced sample is at
   * j * samples.length + r. Null for the input layer.
   */
  readonly z: Float64Array | null;
  /** Activations a = f(z) (for the input layer: the inputs). */
  readonly a: Float64Array;
  /** Error terms δ = ∂L/∂z per sample; null for the input layer. */
  readonly delta: Float64Array | null;
  /** ∂J/∂W of this layer over the traced samples, row-major (to, from); null for the input layer. */
  readonly dW: Float64Array | null;
  /** ∂J/∂b; null for the input layer or a layer without bias. */
  readonly db: Float64Array | null;
}

export interface BackpropTrace {
  /** Training-sample indices traced, in order (rows of the per-sample arrays). */
  readonly samples: readonly number[];
  /** Mean loss over the traced samples. */
  readonly loss: number;
  /** layers[l] for l = 0 (input) … L (output). */
  readonly layers: readonly LayerTrace[];
  /** ∂J/∂θ over the traced samples (params layout). */
  readonly gradient: Float64Array;
}

function checkSamples(state: EngineState, samples: readonly number[]): void {
  const n = state.data.nTrain;
  if (samples.length === 0) throw new RangeError("trace needs at least one sample");
  for (const s of samples)
    if (!Number.isInteger(s) || s < 0 || s >= n)
      throw new RangeError(`sample index must be a whole number from 0 to ${n - 1} (training samples) (got ${s})`);
}

/**
 * Forward and backward pass over chosen training samples (default: the whole
 * training split, i.e. exactly what a full-batch step uses), keeping every
 * intermediate number. Arrays are fresh copies.
 */
export function backpropTrace(state: EngineState, samples?: readonly number[]): BackpropTrace {
  const net = state.network;
  const { xs, xStride, ys, n } = trainingSet(state);
  const rows = samples ?? Array.from({ length: n }, (_, i) => i);
  checkSamples(state, rows);
  const m = rows.length;
  const ws = createWorkspace(net, m);
  gather(net.inputDim, xs, xStride, ys, rows, ws);
  const grad = new Float64Array(net.paramCount);
  const loss = lossAndGradient(net, state.params, ws.a[0], m, ws.y, m, ws, grad);
  const layers = net.layers.map((l): LayerTrace => {
    const len = m * l.size;
    const a = ws.a[l.layer].slice(0, len);
    if (l.layer === 0) return { layer: 0, size: l.size, z: null, a, delta: null, dW: null, db: null };
    return {
      layer: l.layer,
      size: l.size,
      z: ws.z[l.layer].slice(0, len),
      a,
      delta: ws.delta[l.layer].slice(0, len),
      dW: grad.slice(l.weightOffset, l.weightOffset + l.size * l.fanIn),
      db: l.biasOffset >= 0 ? grad.slice(l.biasOffset, l.biasOffset + l.size) : null,
    };
  });
  return { samples: [...rows], loss, layers, gradient: grad };
}

export const CHAIN_FACTOR = Object.freeze({
  /** a_i: what the weight multiplies (1 for a bias). */
  input: "input",
  /** f'(z_j): slope of the receiving neuron's activation. */
  slope: "slope",
  /** Σ_k w_kj δ_k: error arriving from the next layer (hidden neurons). */
  upstream: "upstream",
  /** ∂L/∂ŷ: how the loss reacts to the output (output neuron). */
  lossSlope: "loss-slope",
} as const);
export type ChainFactorKey = (typeof CHAIN_FACTOR)[keyof typeof CHAIN_FACTOR];

export interface ChainFactor {
  readonly key: ChainFactorKey;
  /** Short formula, e.g. "f'(z₁⁽²⁾)". */
  readonly symbol: string;
  /** Plain-words explanation. */
  readonly label: string;
  readonly value: number;
}

export interface ChainRuleBreakdown {
  readonly ref: ParamRef;
  readonly paramIndex: number;
  /** Training-sample index the factors are for. */
  readonly sampleIndex: number;
  readonly sample: { readonly x: readonly number[]; readonly y: number; readonly yHat: number };
  /** Pre-activation and activation of the receiving neuron (layer, to) for this sample. */
  readonly neuron: { readonly z: number; readonly a: number };
  /**
   * Factors whose product is ∂L/∂θ for this sample: [input, slope, upstream]
   * for a hidden neuron, [input, loss-slope, slope] for the output neuron.
   */
  readonly factors: readonly ChainFactor[];
  /** For a hidden neuron, the terms w_kj·δ_k summed into "upstream" (empty for the output). */
  readonly upstreamTerms: readonly { readonly k: number; readonly weight: number; readonly delta: number }[];
  /** Product of the factors (= this sample's contribution). */
  readonly product: number;
  /** The same contribution as backprop computes it (δ_j · a_i); equals product up to rounding. */
  readonly contribution: number;
  /** δ_j = ∂L/∂z_j of the receiving neuron for this sample. */
  readonly delta: number;
  /** ∂J/∂θ over the whole training split: the mean of all samples' contributions. */
  readonly batchGradient: number;
}

/** Layers ≥ 1 always have z and δ in a trace; this narrows the type. */
function present(values: Float64Array | null): Float64Array {
  if (values === null) throw new Error("internal: missing trace values for a non-input layer");
  return values;
}

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const sub = (n: number) => [...String(n)].map((c) => SUB[Number(c)]).join("");
const sup = (n: number) => `⁽${[...String(n)].map((c) => SUP[Number(c)]).join("")}⁾`;

/**
 * The chain rule for one weight or bias and one training sample, with the
 * actual numbers: ∂L/∂w_ji = a_i · f'(z_j) · (Σ_k w_kj δ_k)  (hidden), or
 * a_i · ∂L/∂ŷ · f'(z) (output). For BCE the output's ∂L/∂ŷ and σ'(z) are shown
 * separately although backprop multiplies them out to σ(z) − y (if ŷ rounds to
 * exactly 0 or 1 they are ∞ and 0, while `contribution` stays exact).
 */
export function chainRule(state: EngineState, ref: ParamRef, sampleIndex: number): ChainRuleBreakdown {
  const net = state.network;
  const index = paramIndex(net, ref);
  const trace = backpropTrace(state, [sampleIndex]);
  const L = net.layers.length - 1;
  const { layer: l, to: j } = ref;
  const layer = net.layers[l];
  const z = present(trace.layers[l].z)[j];
  const a = trace.layers[l].a[j];
  const delta = present(trace.layers[l].delta)[j];
  const act = net.math.activations[layer.activation];

  const input: ChainFactor =
    ref.from === "bias"
      ? { key: "input", symbol: "1", label: "a bias acts like a weight on a constant input 1", value: 1 }
      : {
          key: "input",
          symbol: `a${sub(ref.from)}${sup(l - 1)}`,
          label: l === 1 ? `input x${ref.from + 1} of this sample` : `activation of neuron ${ref.from} in layer ${l - 1}`,
          value: trace.layers[l - 1].a[ref.from],
        };
  const slope: ChainFactor = {
    key: "slope",
    symbol: `f'(z${sub(j)}${sup(l)})`,
    label: `slope of ${layer.activation} at neuron ${j} of layer ${l}`,
    value: act.slope(z, a),
  };

  const y = state.data.y[sampleIndex];
  const yHat = trace.layers[L].a[0];
  let factors: ChainFactor[];
  const upstreamTerms: { k: number; weight: number; delta: number }[] = [];
  if (l === L) {
    const lossSlope = net.loss === "bce" ? net.math.bce.dValue(yHat, y) : mse.dValue(yHat, y);
    factors = [
      input,
      { key: "loss-slope", symbol: "∂L/∂ŷ", label: `how the ${net.loss.toUpperCase()} loss changes with the output ŷ`, value: lossSlope },
      slope,
    ];
  } else {
    const next = net.layers[l + 1];
    const nextDelta = present(trace.layers[l + 1].delta);
    let sum = 0;
    for (let k = 0; k < next.size; k++) {
      const weight = state.params[next.weightOffset + k * next.fanIn + j];
      upstreamTerms.push({ k, weight, delta: nextDelta[k] });
      sum += weight * nextDelta[k];
    }
    factors = [
      input,
      slope,
      {
        key: "upstream",
        symbol: `Σₖ wₖ${sub(j)}${sup(l + 1)} δₖ${sup(l + 1)}`,
        label: `error sent back from the ${next.size} neuron(s) of layer ${l + 1}`,
        value: sum,
      },
    ];
  }
  const product = factors.reduce((p, f) => p * f.value, 1);
  const x = Array.from(trace.layers[0].a);
  return {
    ref: { ...ref },
    paramIndex: index,
    sampleIndex,
    sample: { x, y, yHat },
    neuron: { z, a },
    factors,
    upstreamTerms,
    product,
    contribution: trace.gradient[index],
    delta,
    batchGradient: state.gradient[index],
  };
}
