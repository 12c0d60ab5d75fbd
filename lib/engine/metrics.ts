/** Predictions, losses and accuracy of a state (forward pass only). */
import { createWorkspace, forward, lossAt, meanLoss } from "./mlp-kernel";
import type { EngineState } from "./state";
import { testSet, trainingSet, type SampleView } from "./state";

/** A prediction ŷ ≥ 0.5 means class 1. */
export const CLASS_THRESHOLD = 0.5;

export interface Evaluation {
  /** Cost J on the training split. */
  readonly trainLoss: number;
  /** Cost J on the test split; null when there is no test split. */
  readonly testLoss: number | null;
  /** Fraction correctly classified (classification only, else null). */
  readonly trainAccuracy: number | null;
  readonly testAccuracy: number | null;
}

/**
 * Model outputs ŷ for inputs given sample by sample (length a multiple of
 * the input dimension: [x, x, …] or [x1, x2, x1, x2, …]).
 */
export function predict(state: EngineState, inputs: ArrayLike<number>): Float64Array {
  const net = state.network;
  if (inputs.length % net.inputDim !== 0)
    throw new RangeError(`inputs length ${inputs.length} is not a multiple of the input dimension ${net.inputDim}`);
  const n = inputs.length / net.inputDim;
  const xs = new Float64Array(inputs.length);
  for (let s = 0; s < n; s++) for (let d = 0; d < net.inputDim; d++) xs[d * n + s] = inputs[s * net.inputDim + d];
  const ws = createWorkspace(net, n, false);
  forward(net, state.params, xs, n, n, ws);
  return ws.a[net.layers.length - 1].slice(0, n);
}

/** Training cost J(θ) of the state. */
export function trainingLoss(state: EngineState): number {
  const { xs, xStride, ys, n } = trainingSet(state);
  return lossAt(state.network, state.params, xs, xStride, ys, n, createWorkspace(state.network, n, false));
}

function lossAndAccuracy(state: EngineState, { xs, xStride, ys, n }: SampleView): [number, number | null] {
  const net = state.network;
  const ws = createWorkspace(net, n, false);
  forward(net, state.params, xs, xStride, n, ws);
  const loss = meanLoss(net, ws, ys, n);
  if (state.data.kind !== "classification") return [loss, null];
  const out = ws.a[net.layers.length - 1];
  let correct = 0;
  for (let s = 0; s < n; s++) if ((out[s] >= CLASS_THRESHOLD ? 1 : 0) === ys[s]) correct++;
  return [loss, correct / n];
}

/** Train and test loss, and accuracy for classification. */
export function evaluate(state: EngineState): Evaluation {
  const train = trainingSet(state);
  const test = testSet(state);
  const [trainLoss, trainAccuracy] = lossAndAccuracy(state, train);
  const [testLoss, testAccuracy] = test.n > 0 ? lossAndAccuracy(state, test) : [null, null];
  return { trainLoss, testLoss, trainAccuracy, testAccuracy };
}
