/**
 * Forward and backward passes over a batch, on flat Float64Arrays.
 *
 * Everything is processed layer by layer for the whole batch, and buffers are
 * neuron-major: neuron j of sample s in a layer is at index j * n + s (n = the
 * batch size of the call). Inner loops therefore run over contiguous samples,
 * which is what makes this several times faster than per-sample code, and
 * each activation function is dispatched once per layer.
 *
 * Notation (layer l, neuron j, previous-layer neuron i, one sample):
 *   z_j = b_j + Σ_i W_ji a_i          pre-activation
 *   a_j = f(z_j)                      activation
 *   δ_j = ∂L/∂z_j                     error term
 *   ∂L/∂W_ji = δ_j a_i,  ∂L/∂b_j = δ_j
 *   δ_i (previous layer) = f'(z_i) Σ_j W_ji δ_j
 * Gradients of the cost J are means over the samples (losses.ts).
 *
 * Inputs are read from `xs` with their own stride: input d of sample s is
 * xs[d * xStride + s], so the training split can be used in place.
 */
import { mse } from "./losses";
import type { Network } from "./network";

/** Scratch buffers for batches of up to `capacity` samples; allocated once per engine call. */
export interface Workspace {
  readonly capacity: number;
  /** z[l]: pre-activations of layer l (z[0] unused). */
  readonly z: Float64Array[];
  /** a[l]: activations of layer l; a[0] holds gathered inputs. */
  readonly a: Float64Array[];
  /** delta[l]: δ = ∂L/∂z of layer l (delta[0] unused). */
  readonly delta: Float64Array[];
  /** f'(z) of one layer. */
  readonly slope: Float64Array;
  /** Gathered targets. */
  readonly y: Float64Array;
}

export function createWorkspace(net: Network, capacity: number, withBackward = true): Workspace {
  // One allocation carved into views: creating many small typed arrays costs more than zeroing one.
  const hidden = net.neuronCount - net.inputDim;
  const total = capacity * (net.neuronCount + hidden + (withBackward ? hidden + net.maxWidth : 0) + 1);
  const memory = new Float64Array(total);
  let used = 0;
  const take = (len: number): Float64Array => {
    const view = memory.subarray(used, used + len);
    used += len;
    return view;
  };
  const empty = memory.subarray(0, 0);
  return {
    capacity,
    z: net.layers.map((l) => (l.layer === 0 ? empty : take(capacity * l.size))),
    a: net.layers.map((l) => take(capacity * l.size)),
    delta: net.layers.map((l) => (l.layer === 0 || !withBackward ? empty : take(capacity * l.size))),
    slope: withBackward ? take(capacity * net.maxWidth) : empty,
    y: take(capacity),
  };
}

/** Copy chosen samples (inputs with stride xStride, targets) into ws.a[0] (stride = count) and ws.y. */
export function gather(
  inputDim: number,
  xs: Float64Array,
  xStride: number,
  ys: Float64Array,
  indices: ArrayLike<number>,
  ws: Workspace,
): void {
  const m = indices.length;
  const xa = ws.a[0];
  for (let r = 0; r < m; r++) {
    const src = indices[r];
    for (let d = 0; d < inputDim; d++) xa[d * m + r] = xs[d * xStride + src];
    ws.y[r] = ys[src];
  }
}

/**
 * out[o + s] = base + Σ_t w_t · src[t·srcStride + s] for s < n, with weights
 * w_t = params[w + t·wStep], t < count (≥ 1). Terms are taken four at a time:
 * loads and stores of `out` are the main cost of these loops in JS, and the
 * first block writes instead of adding so `out` needs no separate fill.
 */
function weightedSum(
  out: Float64Array,
  o: number,
  base: number,
  src: Float64Array,
  srcStride: number,
  params: Float64Array,
  w: number,
  wStep: number,
  count: number,
  n: number,
): void {
  let t = 0;
  let first = true;
  for (; t + 4 <= count; t += 4) {
    const w0 = params[w + t * wStep];
    const w1 = params[w + (t + 1) * wStep];
    const w2 = params[w + (t + 2) * wStep];
    const w3 = params[w + (t + 3) * wStep];
    const p0 = t * srcStride;
    const p1 = p0 + srcStride;
    const p2 = p1 + srcStride;
    const p3 = p2 + srcStride;
    if (first) {
      for (let s = 0; s < n; s++)
        out[o + s] = base + (w0 * src[p0 + s] + w1 * src[p1 + s] + w2 * src[p2 + s] + w3 * src[p3 + s]);
      first = false;
    } else {
      for (let s = 0; s < n; s++) out[o + s] += w0 * src[p0 + s] + w1 * src[p1 + s] + w2 * src[p2 + s] + w3 * src[p3 + s];
    }
  }
  const rest = count - t;
  if (rest === 0) return;
  const w0 = params[w + t * wStep];
  const p0 = t * srcStride;
  if (rest === 1) {
    if (first) for (let s = 0; s < n; s++) out[o + s] = base + w0 * src[p0 + s];
    else for (let s = 0; s < n; s++) out[o + s] += w0 * src[p0 + s];
    return;
  }
  const w1 = params[w + (t + 1) * wStep];
  const p1 = p0 + srcStride;
  if (rest === 2) {
    if (first) for (let s = 0; s < n; s++) out[o + s] = base + (w0 * src[p0 + s] + w1 * src[p1 + s]);
    else for (let s = 0; s < n; s++) out[o + s] += w0 * src[p0 + s] + w1 * src[p1 + s];
    return;
  }
  const w2 = params[w + (t + 2) * wStep];
  const p2 = p1 + srcStride;
  if (first) for (let s = 0; s < n; s++) out[o + s] = base + (w0 * src[p0 + s] + w1 * src[p1 + s] + w2 * src[p2 + s]);
  else for (let s = 0; s < n; s++) out[o + s] += w0 * src[p0 + s] + w1 * src[p1 + s] + w2 * src[p2 + s];
}

/**
 * out[o + t] = (1/n) Σ_s d[dOff + s] · src[t·srcStride + s] for t < count:
 * one row of ∂J/∂W. Four sums share each load of d.
 */
function meanProducts(
  d: Float64Array,
  dOff: number,
  src: Float64Array,
  srcStride: number,
  count: number,
  n: number,
  out: Float64Array,
  o: number,
): void {
  let t = 0;
  for (; t + 4 <= count; t += 4) {
    const p0 = t * srcStride;
    const p1 = p0 + srcStride;
    const p2 = p1 + srcStride;
    const p3 = p2 + srcStride;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let s = 0; s < n; s++) {
      const ds = d[dOff + s];
      s0 += ds * src[p0 + s];
      s1 += ds * src[p1 + s];
      s2 += ds * src[p2 + s];
      s3 += ds * src[p3 + s];
    }
    out[o + t] = s0 / n;
    out[o + t + 1] = s1 / n;
    out[o + t + 2] = s2 / n;
    out[o + t + 3] = s3 / n;
  }
  for (; t < count; t++) {
    const p0 = t * srcStride;
    let s0 = 0;
    for (let s = 0; s < n; s++) s0 += d[dOff + s] * src[p0 + s];
    out[o + t] = s0 / n;
  }
}

/**
 * Forward pass of n samples; fills ws.z and ws.a. The output activation can be
 * skipped when only a BCE loss (computed from the logit) is wanted.
 */
export function forward(
  net: Network,
  params: Float64Array,
  xs: Float64Array,
  xStride: number,
  n: number,
  ws: Workspace,
  outputActivation = true,
): void {
  const layers = net.layers;
  const last = layers.length - 1;
  for (let l = 1; l <= last; l++) {
    const { size, fanIn, weightOffset: wo, biasOffset: bo, activation } = layers[l];
    const prev = l === 1 ? xs : ws.a[l - 1];
    const pStride = l === 1 ? xStride : n;
    const z = ws.z[l];
    for (let j = 0; j < size; j++) {
      const zo = j * n;
      const b = bo >= 0 ? params[bo + j] : 0;
      weightedSum(z, zo, b, prev, pStride, params, wo + j * fanIn, 1, fanIn, n);
    }
    if (l < last || outputActivation) net.math.activations[activation].valueInto(z, ws.a[l], n * size);
  }
}

/** Mean loss of the last forward pass against targets ys (the cost J). */
export function meanLoss(net: Network, ws: Workspace, ys: Float64Array, n: number): number {
  const last = net.layers.length - 1;
  let sum = 0;
  if (net.loss === "bce") {
    const z = ws.z[last];
    const fromLogit = net.math.bce.fromLogit;
    for (let s = 0; s < n; s++) sum += fromLogit(z[s], ys[s]);
  } else {
    const a = ws.a[last];
    for (let s = 0; s < n; s++) sum += mse.value(a[s], ys[s]);
  }
  return sum / n;
}

/**
 * Backward pass after a full `forward` on the same samples: fills ws.delta
 * and writes the mean gradient ∂J/∂θ into grad (every entry overwritten).
 */
export function backward(
  net: Network,
  params: Float64Array,
  xs: Float64Array,
  xStride: number,
  ys: Float64Array,
  n: number,
  ws: Workspace,
  grad: Float64Array,
): void {
  const layers = net.layers;
  const last = layers.length - 1;

  // Output error δ = ∂L/∂z. For BCE behind a sigmoid the two derivatives are
  // taken together (σ(z) − y), which stays exact when σ saturates.
  const dOut = ws.delta[last];
  const zOut = ws.z[last];
  const aOut = ws.a[last];
  const activations = net.math.activations;
  if (net.loss === "bce") {
    const dFromLogit = net.math.bce.dFromLogit;
    for (let s = 0; s < n; s++) dOut[s] = dFromLogit(zOut[s], ys[s]);
  } else {
    activations[layers[last].activation].slopeInto(zOut, aOut, ws.slope, n);
    for (let s = 0; s < n; s++) dOut[s] = mse.dValue(aOut[s], ys[s]) * ws.slope[s];
  }

  for (let l = last; l >= 1; l--) {
    const { size, fanIn, weightOffset: wo, biasOffset: bo } = layers[l];
    const prev = l === 1 ? xs : ws.a[l - 1];
    const pStride = l === 1 ? xStride : n;
    const d = ws.delta[l];

    // ∂J/∂W_ji = mean over samples of δ_j a_i;  ∂J/∂b_j = mean of δ_j.
    for (let j = 0; j < size; j++) {
      const dOff = j * n;
      meanProducts(d, dOff, prev, pStride, fanIn, n, grad, wo + j * fanIn);
      if (bo >= 0) {
        let sum = 0;
        for (let s = 0; s < n; s++) sum += d[dOff + s];
        grad[bo + j] = sum / n;
      }
    }

    if (l > 1) {
      // Send the error back one layer: δ_i = f'(z_i) Σ_j W_ji δ_j.
      const slope = ws.slope;
      activations[layers[l - 1].activation].slopeInto(ws.z[l - 1], ws.a[l - 1], slope, n * fanIn);
      const dPrev = ws.delta[l - 1];
      for (let i = 0; i < fanIn; i++) {
        const io = i * n;
        // Column i of W (stride fanIn) against the δ rows of this layer.
        weightedSum(dPrev, io, 0, d, n, params, wo + i, fanIn, size, n);
        for (let s = 0; s < n; s++) dPrev[io + s] *= slope[io + s];
      }
    }
  }
}

/** Cost J at params over n samples. */
export function lossAt(
  net: Network,
  params: Float64Array,
  xs: Float64Array,
  xStride: number,
  ys: Float64Array,
  n: number,
  ws: Workspace,
): number {
  forward(net, params, xs, xStride, n, ws, net.loss !== "bce");
  return meanLoss(net, ws, ys, n);
}

/** Cost J and its gradient (into grad) at params over n samples. */
export function lossAndGradient(
  net: Network,
  params: Float64Array,
  xs: Float64Array,
  xStride: number,
  ys: Float64Array,
  n: number,
  ws: Workspace,
  grad: Float64Array,
): number {
  forward(net, params, xs, xStride, n, ws);
  const loss = meanLoss(net, ws, ys, n);
  backward(net, params, xs, xStride, ys, n, ws, grad);
  return loss;
}
