/**
 * Numbers for pictures: model output over the input space (heatmap or
 * curve), per-neuron outputs, the one-weight cost curve, the line-fit cost
 * surface, the dataset points and the parameter table for the network diagram.
 */
import { createWorkspace, forward, lossAt, type Workspace } from "./mlp-kernel";
import type { ParamEntry } from "./network";
import type { Interval } from "./datasets";
import { trainingSet, type EngineState } from "./state";

/** Rows processed per forward pass; keeps scratch memory small for large grids. */
const GRID_CHUNK = 1024;
const MAX_RESOLUTION = 400;

export interface GridOptions {
  /** N: grid is N×N (2-D input) or N points (1-D input). Default 50, at most 400. */
  readonly resolution?: number;
  /** Also return every neuron's activation at every grid point (default false). */
  readonly neurons?: boolean;
}

export interface OutputGrid2D {
  readonly kind: "2d";
  readonly resolution: number;
  /** Cell-centre coordinates along x₁ (columns) and x₂ (rows), ascending. */
  readonly x1: Float64Array;
  readonly x2: Float64Array;
  /** Model output ŷ at cell (row r, column c) = output[r * N + c]; row 0 is the lowest x₂. */
  readonly output: Float64Array;
  /** neurons[layer][j]: that neuron's activation on the same grid (layer 0 = inputs); null unless asked. */
  readonly neurons: Float64Array[][] | null;
}

export interface OutputCurve1D {
  readonly kind: "1d";
  readonly resolution: number;
  /** N evenly spaced x over the domain, both ends included. */
  readonly x: Float64Array;
  readonly output: Float64Array;
  readonly neurons: Float64Array[][] | null;
}

export type OutputGrid = OutputGrid2D | OutputCurve1D;

function checkCount(n: number, min: number, what = "resolution"): number {
  if (!Number.isInteger(n) || n < min || n > MAX_RESOLUTION)
    throw new RangeError(`${what} must be a whole number from ${min} to ${MAX_RESOLUTION} (got ${n})`);
  return n;
}

/** Evaluate the network on `count` points; fill(i, xs, r, stride) writes point i's inputs as row r of a chunk. */
function evaluatePoints(
  state: EngineState,
  count: number,
  fill: (i: number, xs: Float64Array, r: number, stride: number) => void,
  withNeurons: boolean,
): { output: Float64Array; neurons: Float64Array[][] | null } {
  const net = state.network;
  const L = net.layers.length - 1;
  const chunk = Math.min(GRID_CHUNK, count);
  const ws = createWorkspace(net, chunk, false);
  const xs = new Float64Array(chunk * net.inputDim);
  const output = new Float64Array(count);
  // One buffer per layer, neuron-major, so neurons[l][j] is a contiguous view.
  const buffers = withNeurons ? net.layers.map((l) => new Float64Array(l.size * count)) : null;
  for (let start = 0; start < count; start += chunk) {
    const m = Math.min(chunk, count - start);
    for (let r = 0; r < m; r++) fill(start + r, xs, r, m);
    forward(net, state.params, xs, m, m, ws);
    output.set(ws.a[L].subarray(0, m), start);
    if (buffers) {
      for (const l of net.layers) {
        const src = l.layer === 0 ? xs : ws.a[l.layer];
        for (let j = 0; j < l.size; j++) buffers[l.layer].set(src.subarray(j * m, (j + 1) * m), j * count + start);
      }
    }
  }
  const neurons = buffers
    ? net.layers.map((l) => Array.from({ length: l.size }, (_, j) => buffers[l.layer].subarray(j * count, (j + 1) * count)))
    : null;
  return { output, neurons };
}

function centres(range: Interval, n: number): Float64Array {
  const [lo, hi] = range;
  return Float64Array.from({ length: n }, (_, i) => lo + ((i + 0.5) * (hi - lo)) / n);
}

function linspace(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + ((hi - lo) * i) / (n - 1)));
}

/**
 * Model output over the input domain: an N×N heatmap for 2-D inputs
 * (decision boundary at ŷ = 0.5), or N points for 1-D inputs.
 */
export function outputGrid(state: EngineState, options: GridOptions = {}): OutputGrid {
  const withNeurons = options.neurons ?? false;
  const domain = state.data.domain;
  if (state.network.inputDim === 2) {
    const N = checkCount(options.resolution ?? 50, 1);
    const x1 = centres(domain[0], N);
    const x2 = centres(domain[1], N);
    const { output, neurons } = evaluatePoints(
      state,
      N * N,
      (i, xs, r, stride) => {
        xs[r] = x1[i % N];
        xs[stride + r] = x2[(i - (i % N)) / N];
      },
      withNeurons,
    );
    return { kind: "2d", resolution: N, x1, x2, output, neurons };
  }
  const N = checkCount(options.resolution ?? 50, 2);
  const x = linspace(domain[0][0], domain[0][1], N);
  const { output, neurons } = evaluatePoints(state, N, (i, xs, r) => (xs[r] = x[i]), withNeurons);
  return { kind: "1d", resolution: N, x, output, neurons };
}

export interface DatasetPoint {
  /** Inputs: [x] or [x₁, x₂]. */
  readonly x: readonly number[];
  /** Target (0/1 label for classification). */
  readonly y: number;
  readonly split: "train" | "test";
}

/** All data points for drawing, training split first. */
export function datasetPoints(state: EngineState): {
  readonly kind: "classification" | "regression";
  readonly domain: readonly Interval[];
  readonly points: readonly DatasetPoint[];
} {
  const { x, y, nTrain, inputDim, kind, domain } = state.data;
  const points = Array.from(y, (target, s): DatasetPoint => ({
    x: Array.from({ length: inputDim }, (_, d) => x[d * y.length + s]),
    y: target,
    split: s < nTrain ? "train" : "test",
  }));
  return { kind, domain, points };
}

/** Parameter vector with its meaning, for drawing the network diagram (links coloured by weight). */
export function paramTable(state: EngineState): readonly (ParamEntry & { readonly value: number })[] {
  return state.network.paramEntries.map((e) => ({ ...e, value: state.params[e.index] }));
}

/** Training loss with the parameters replaced by `params` (same layout). */
function lossWith(state: EngineState, params: Float64Array, ws: Workspace): number {
  const { xs, xStride, ys, n } = trainingSet(state);
  return lossAt(state.network, params, xs, xStride, ys, n, ws);
}

/** Least-squares solution on the training split (closed form; for marking the minimum). */
function leastSquares(state: EngineState, withBias: boolean): { w: number; b: number } {
  const { xs, ys, n } = trainingSet(state);
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let s = 0; s < n; s++) {
    sx += xs[s];
    sy += ys[s];
    sxx += xs[s] * xs[s];
    sxy += xs[s] * ys[s];
  }
  // Degenerate data (all x equal) have many minimisers; pick the flat one.
  if (!withBias) return { w: sxx > 0 ? sxy / sxx : 0, b: 0 };
  const det = n * sxx - sx * sx;
  const w = det > 0 ? (n * sxy - sx * sy) / det : 0;
  return { w, b: (sy - w * sx) / n };
}

function around(a: number, b: number, given: readonly [number, number] | undefined): [number, number] {
  if (given) {
    if (!(Number.isFinite(given[0]) && Number.isFinite(given[1]) && given[1] > given[0]))
      throw new RangeError(`range must be two finite numbers [lo, hi] with lo < hi (got [${given.join(", ")}])`);
    return [given[0], given[1]];
  }
  const pad = Math.max(1, 0.5 * Math.abs(a - b));
  return [Math.min(a, b) - pad, Math.max(a, b) + pad];
}

export interface CostCurve {
  /** Sampled weights (ascending, ends included) and J(w) at each. */
  readonly w: Float64Array;
  readonly loss: Float64Array;
  /** The state's w, J(w) and slope dJ/dw there. */
  readonly current: { readonly w: number; readonly loss: number; readonly slope: number };
  /** Tangent line at the current w: J ≈ slope·w + intercept. */
  readonly tangent: { readonly slope: number; readonly intercept: number };
  /** Bottom of the parabola (least squares on the training split). */
  readonly minimum: { readonly w: number; readonly loss: number };
}

/** J(w) for the one-weight scenario (a parabola). RangeError for other scenarios. */
export function costCurve(
  state: EngineState,
  options: { readonly points?: number; readonly range?: readonly [number, number] } = {},
): CostCurve {
  if (state.config.scenario !== "one-weight") throw new RangeError("costCurve needs the one-weight scenario");
  const points = checkCount(options.points ?? 101, 2, "points");
  const ws = createWorkspace(state.network, state.data.nTrain, false);
  const w0 = state.params[0];
  const best = leastSquares(state, false);
  const [lo, hi] = around(w0, best.w, options.range);
  const w = linspace(lo, hi, points);
  const p = new Float64Array(1);
  const loss = w.map((wi) => {
    p[0] = wi;
    return lossWith(state, p, ws);
  });
  const slope = state.gradient[0];
  const current = { w: w0, loss: state.loss, slope };
  p[0] = best.w;
  return {
    w,
    loss,
    current,
    tangent: { slope, intercept: current.loss - slope * w0 },
    minimum: { w: best.w, loss: lossWith(state, p, ws) },
  };
}

export interface CostSurface {
  /** Axis samples (ascending, ends included). */
  readonly w: Float64Array;
  readonly b: Float64Array;
  /** J at (b[r], w[c]) = loss[r * N + c]. */
  readonly loss: Float64Array;
  readonly current: { readonly w: number; readonly b: number; readonly loss: number; readonly gradient: readonly [number, number] };
  readonly minimum: { readonly w: number; readonly b: number; readonly loss: number };
}

/** J(w, b) on an N×N grid for the line-fit scenario (for contours). RangeError for other scenarios. */
export function costSurface(
  state: EngineState,
  options: {
    readonly resolution?: number;
    readonly wRange?: readonly [number, number];
    readonly bRange?: readonly [number, number];
  } = {},
): CostSurface {
  if (state.config.scenario !== "line-fit") throw new RangeError("costSurface needs the line-fit scenario");
  const N = checkCount(options.resolution ?? 41, 2);
  const ws = createWorkspace(state.network, state.data.nTrain, false);
  const [w0, b0] = [state.params[0], state.params[1]];
  const best = leastSquares(state, true);
  const w = linspace(...around(w0, best.w, options.wRange), N);
  const b = linspace(...around(b0, best.b, options.bRange), N);
  const p = new Float64Array(2);
  const loss = new Float64Array(N * N);
  for (let r = 0; r < N; r++)
    for (let c = 0; c < N; c++) {
      p[0] = w[c];
      p[1] = b[r];
      loss[r * N + c] = lossWith(state, p, ws);
    }
  const g = state.gradient;
  const current = { w: w0, b: b0, loss: state.loss, gradient: [g[0], g[1]] as const };
  p[0] = best.w;
  p[1] = best.b;
  return { w, b, loss, current, minimum: { ...best, loss: lossWith(state, p, ws) } };
}
