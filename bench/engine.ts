/**
 * Engine benchmark: `npx tsx bench/engine.ts` (npm run bench:engine).
 *
 * Times the engine on a 2-8-8-1 tanh network with 300 training points and
 * compares one full-batch gradient step with a straightforward
 * object-per-neuron, per-sample implementation in the style of TensorFlow
 * Playground's nn.ts (below), on the same weights and data. Prints medians
 * and PASS/FAIL against the targets of the engine issue.
 *
 * What a "step" is: the engine's trainStep (update, then loss and gradient at
 * the new weights in one forward+backward pass; the gradient at the old
 * weights comes with the state) against the classic loop (per-sample forward
 * and backward, update, then a forward pass for the loss). The kernel-only
 * rows compare one forward+backward pass of each, without that reuse.
 *
 * Momentum rows: the same network with heavy-ball momentum (β = 0.9, velocity built up over 5 steps) against the
 * same targets as plain descent (step ≥ 3× the baseline, 1,000 α guesses < 100 ms), plus β-round scoring for
 * information (each β needs its own k-step trajectory, as α guesses do for k > 1).
 *
 * The engine runs on deterministic math (lib/engine/det-math.ts: bit-exact in every JavaScript engine); the
 * baseline keeps Math.tanh/exp/log. The last table gives ns per call of each deterministic function against the
 * runtime's Math.* on the same inputs.
 */
import {
  DETERMINISTIC_MATH,
  createState,
  gradient,
  parseConfig,
  outputGrid,
  runSteps,
  scoreBetaGuesses,
  scoreGuesses,
  trainingLoss,
  trainStep,
  type BetaGuess,
  type EngineState,
  type Guess,
} from "@/lib/engine";
import { createWorkspace, lossAndGradient } from "@/lib/engine/mlp-kernel";

// ---------------------------------------------------------------------------
// Baseline: classic teaching code. One object per neuron and per link, one
// sample at a time, activation objects with output/der like nn.ts.
// ---------------------------------------------------------------------------

interface ActivationFunction {
  output(x: number): number;
  der(x: number): number;
}

const TANH: ActivationFunction = {
  output: (x) => Math.tanh(x),
  der: (x) => {
    const output = TANH.output(x);
    return 1 - output * output;
  },
};

const SIGMOID: ActivationFunction = {
  output: (x) => 1 / (1 + Math.exp(-x)),
  der: (x) => {
    const output = SIGMOID.output(x);
    return output * (1 - output);
  },
};

/** Binary cross-entropy on the sigmoid output, derivative with respect to the output. */
const CROSS_ENTROPY = {
  error: (output: number, target: number) => -(target * Math.log(output) + (1 - target) * Math.log(1 - output)),
  der: (output: number, target: number) => (output - target) / (output * (1 - output)),
};

class Link {
  weight: number;
  errorDer = 0;
  accErrorDer = 0;
  numAccumulatedDers = 0;
  constructor(
    public source: BaselineNode,
    public dest: BaselineNode,
    weight: number,
  ) {
    this.weight = weight;
  }
}

class BaselineNode {
  inputLinks: Link[] = [];
  outputs: Link[] = [];
  bias = 0;
  totalInput = 0;
  output = 0;
  outputDer = 0;
  inputDer = 0;
  accInputDer = 0;
  numAccumulatedDers = 0;
  constructor(public activation: ActivationFunction) {}

  updateOutput(): number {
    this.totalInput = this.bias;
    for (const link of this.inputLinks) this.totalInput += link.weight * link.source.output;
    this.output = this.activation.output(this.totalInput);
    return this.output;
  }
}

type BaselineNetwork = BaselineNode[][];

/** Build the object network with the engine's current weights (same layout rules). */
function buildBaseline(state: EngineState): BaselineNetwork {
  const net: BaselineNetwork = [];
  for (const layer of state.network.layers) {
    const act = layer.activation === "sigmoid" ? SIGMOID : TANH;
    const nodes: BaselineNode[] = [];
    for (let j = 0; j < layer.size; j++) {
      const node = new BaselineNode(act);
      if (layer.layer > 0) {
        node.bias = state.params[layer.biasOffset + j];
        net[layer.layer - 1].forEach((source, i) => {
          const link = new Link(source, node, state.params[layer.weightOffset + j * layer.fanIn + i]);
          source.outputs.push(link);
          node.inputLinks.push(link);
        });
      }
      nodes.push(node);
    }
    net.push(nodes);
  }
  return net;
}

function forwardProp(net: BaselineNetwork, inputs: number[]): number {
  net[0].forEach((node, i) => (node.output = inputs[i]));
  for (let l = 1; l < net.length; l++) for (const node of net[l]) node.updateOutput();
  return net[net.length - 1][0].output;
}

function backProp(net: BaselineNetwork, target: number): void {
  const out = net[net.length - 1][0];
  out.outputDer = CROSS_ENTROPY.der(out.output, target);
  for (let l = net.length - 1; l >= 1; l--) {
    for (const node of net[l]) {
      node.inputDer = node.outputDer * node.activation.der(node.totalInput);
      node.accInputDer += node.inputDer;
      node.numAccumulatedDers++;
    }
    for (const node of net[l])
      for (const link of node.inputLinks) {
        link.errorDer = node.inputDer * link.source.output;
        link.accErrorDer += link.errorDer;
        link.numAccumulatedDers++;
      }
    if (l === 1) continue;
    for (const node of net[l - 1]) {
      node.outputDer = 0;
      for (const link of node.outputs) node.outputDer += link.weight * link.dest.inputDer;
    }
  }
}

function updateWeights(net: BaselineNetwork, learningRate: number): void {
  for (let l = 1; l < net.length; l++)
    for (const node of net[l]) {
      if (node.numAccumulatedDers > 0) {
        node.bias -= (learningRate * node.accInputDer) / node.numAccumulatedDers;
        node.accInputDer = 0;
        node.numAccumulatedDers = 0;
      }
      for (const link of node.inputLinks) {
        if (link.numAccumulatedDers > 0) {
          link.weight -= (learningRate * link.accErrorDer) / link.numAccumulatedDers;
          link.accErrorDer = 0;
          link.numAccumulatedDers = 0;
        }
      }
    }
}

function baselineLoss(net: BaselineNetwork, points: number[][], labels: number[]): number {
  let sum = 0;
  points.forEach((p, s) => (sum += CROSS_ENTROPY.error(forwardProp(net, p), labels[s])));
  return sum / points.length;
}

/** One full-batch step as the classic code does it: per-sample forward+backward, update, then the loss. */
function baselineStep(net: BaselineNetwork, points: number[][], labels: number[], alpha: number): number {
  points.forEach((p, s) => {
    forwardProp(net, p);
    backProp(net, labels[s]);
  });
  updateWeights(net, alpha);
  return baselineLoss(net, points, labels);
}

/** Per-sample forward and backward over all points (gradient only, no update). */
function baselineForwardBackward(net: BaselineNetwork, points: number[][], labels: number[]): void {
  points.forEach((p, s) => {
    forwardProp(net, p);
    backProp(net, labels[s]);
  });
  // Reset the accumulators as updateWeights would, without changing weights.
  for (let l = 1; l < net.length; l++)
    for (const node of net[l]) {
      node.accInputDer = 0;
      node.numAccumulatedDers = 0;
      for (const link of node.inputLinks) {
        link.accErrorDer = 0;
        link.numAccumulatedDers = 0;
      }
    }
}

/** The baseline's accumulated mean gradient, in the engine's parameter order. */
function baselineGradient(state: EngineState, points: number[][], labels: number[]): Float64Array {
  const net = buildBaseline(state);
  points.forEach((p, s) => {
    forwardProp(net, p);
    backProp(net, labels[s]);
  });
  const g = new Float64Array(state.network.paramCount);
  for (const layer of state.network.layers) {
    if (layer.layer === 0) continue;
    net[layer.layer].forEach((node, j) => {
      g[layer.biasOffset + j] = node.accInputDer / node.numAccumulatedDers;
      node.inputLinks.forEach((link, i) => {
        g[layer.weightOffset + j * layer.fanIn + i] = link.accErrorDer / link.numAccumulatedDers;
      });
    });
  }
  return g;
}

// ---------------------------------------------------------------------------
// Timing helpers
// ---------------------------------------------------------------------------

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Median wall time of fn in ms, after warm-up runs (JIT) and over `iterations` runs. */
function time(fn: () => void, iterations: number, warmup = Math.max(3, iterations >> 2)): number {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

// ---------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------

const ALPHA = 0.03;
// parseConfig stamps the current (deterministic) math version, as for every new lesson.
const config = parseConfig({
  scenario: "classification",
  name: "bench: spiral 2-8-8-1 tanh",
  ...{ dataset: "spiral", numPoints: 300, trainFraction: 1, noise: 0.1, seed: 7 },
  hiddenLayers: [{ neurons: 8, activation: "tanh" }, { neurons: 8, activation: "tanh" }],
});
const state = createState(config);
// The same lesson on the legacy functions (logs recorded before the switch): for comparison only.
const { mathVersion: _current, ...legacyConfig } = config;
const legacyState = createState(legacyConfig);
const n = state.data.nTrain;
const points = Array.from({ length: n }, (_, s) => [state.data.x[s], state.data.x[n + s]]);
const labels = Array.from(state.data.y.subarray(0, n));

// Same gradient? (Summation order differs, so compare to ~1e-12.)
const gEngine = gradient(state).gradient;
const gBase = baselineGradient(state, points, labels);
let maxAbs = 0;
let maxRel = 0;
for (let i = 0; i < gEngine.length; i++) {
  const d = Math.abs(gEngine[i] - gBase[i]);
  maxAbs = Math.max(maxAbs, d);
  maxRel = Math.max(maxRel, d / Math.max(1e-12, Math.abs(gEngine[i]) + Math.abs(gBase[i])));
}
const sameGradient = maxAbs < 1e-12;

// Same loss after one step?
const engineAfter = trainStep(state, ALPHA).lossAfter;
const baseAfter = baselineStep(buildBaseline(state), points, labels, ALPHA);

// The baseline mutates its network, so each timed step continues training; that does not change its cost.
const baseNet = buildBaseline(state);
const tBaseline = time(() => baselineStep(baseNet, points, labels, ALPHA), 400);
const tStep = time(() => trainStep(state, ALPHA), 400);
const tStepLegacy = time(() => trainStep(legacyState, ALPHA), 400);
// Kernel level: one forward + backward pass over the training set, no update and no second loss pass.
const ws = createWorkspace(state.network, n);
const g = new Float64Array(state.network.paramCount);
const tKernel = time(() => lossAndGradient(state.network, state.params, state.data.x, n, state.data.y, n, ws, g), 1000);
const tBaseKernel = time(() => baselineForwardBackward(baseNet, points, labels), 400);
const tLoss = time(() => trainingLoss(state), 1000);

const guesses: Guess[] = Array.from({ length: 1000 }, (_, i) => ({ id: `g${i}`, alpha: 1e-3 * 1e4 ** (i / 999) }));
// Scoring runs at every round close of a live server, so it is timed warm: with 3 warm-up runs the first timing of
// the bench still caught the JIT (momentum scoring, timed later with more work per α, came out faster).
const tScore1 = time(() => scoreGuesses(state, guesses, { k: 1 }), 15, 10);
const tScore10 = time(() => scoreGuesses(state, guesses, { k: 10 }), 5, 1);
const tGrid = time(() => outputGrid(state, { resolution: 100 }), 60);
const tGridNeurons = time(() => outputGrid(state, { resolution: 100, neurons: true }), 60);
const distinct = scoreGuesses(state, guesses, { k: 1 }).evaluations;

// The same lesson with momentum (heavy ball, β = 0.9), a few steps in so the velocity is not zero.
const momentumState = runSteps(createState({ ...config, optimizer: { kind: "momentum", beta: 0.9 } }), ALPHA, 5).state;
const tStepMomentum = time(() => trainStep(momentumState, ALPHA), 400);
const tScore1Momentum = time(() => scoreGuesses(momentumState, guesses, { k: 1 }), 15, 10);
const betaGuesses: BetaGuess[] = Array.from({ length: 1000 }, (_, i) => ({ id: `b${i}`, beta: 1 - 10 ** ((-3 * i) / 999) }));
const tScoreBeta = time(() => scoreBetaGuesses(momentumState, betaGuesses, { alpha: ALPHA, k: 2 }), 5, 1);
const tScoreBeta10 = time(() => scoreBetaGuesses(momentumState, betaGuesses, { alpha: ALPHA, k: 10 }), 3, 1);
const momentumRatio = tBaseline / tStepMomentum;

const ratio = tBaseline / tStep;
const rows: [string, string, string, string][] = [
  ["full-batch gradient step (engine)", fmt(tStep), "", ""],
  ["full-batch gradient step (object-per-neuron baseline)", fmt(tBaseline), "", ""],
  ["  speed ratio baseline / engine", `${ratio.toFixed(2)}×`, "≥ 3×", ratio >= 3 ? "PASS" : "FAIL"],
  ["full-batch gradient step (engine on legacy Math.*)", fmt(tStepLegacy), "", "info"],
  ["  same gradient as baseline", `max |Δ| ${maxAbs.toExponential(1)}`, "≤ 1e-12", sameGradient ? "PASS" : "FAIL"],
  ["forward+backward only (engine kernel)", fmt(tKernel), "", ""],
  ["forward+backward only (baseline)", fmt(tBaseKernel), "", ""],
  ["  speed ratio baseline / engine (kernel only)", `${(tBaseKernel / tKernel).toFixed(2)}×`, "", "info"],
  ["one training-loss evaluation", fmt(tLoss), "", ""],
  [`score 1,000 distinct guesses, k = 1 (${distinct} α evaluated)`, fmt(tScore1), "< 100 ms", tScore1 < 100 ? "PASS" : "FAIL"],
  ["score 1,000 distinct guesses, k = 10", fmt(tScore10), "", ""],
  ["full-batch momentum step (engine, β = 0.9)", fmt(tStepMomentum), "", ""],
  ["  speed ratio baseline / engine with momentum", `${momentumRatio.toFixed(2)}×`, "≥ 3×", momentumRatio >= 3 ? "PASS" : "FAIL"],
  ["score 1,000 distinct α guesses with momentum, k = 1", fmt(tScore1Momentum), "< 100 ms", tScore1Momentum < 100 ? "PASS" : "FAIL"],
  ["score 1,000 distinct β guesses, k = 2", fmt(tScoreBeta), "", "info"],
  ["score 1,000 distinct β guesses, k = 10", fmt(tScoreBeta10), "", "info"],
  ["100×100 heatmap (output only)", fmt(tGrid), "< 10 ms", tGrid < 10 ? "PASS" : "FAIL"],
  ["100×100 heatmap + every neuron", fmt(tGridNeurons), "", ""],
];

const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length), ["benchmark", "median", "target", "result"][c].length));
const line = (r: readonly string[]) => r.map((cell, c) => (c === 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ");
console.log(`Backprop Live engine bench — 2-8-8-1 tanh, sigmoid+BCE output, ${n} training points, node ${process.version}`);
console.log(line(["benchmark", "median", "target", "result"]));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) console.log(line(r));
console.log(
  `loss after one step α=${ALPHA}: engine ${engineAfter.toPrecision(12)}, baseline ${baseAfter.toPrecision(12)}; max relative gradient difference ${maxRel.toExponential(1)}`,
);

// ---------------------------------------------------------------------------
// ns per call: deterministic functions against Math.*
// ---------------------------------------------------------------------------

/**
 * A fresh loop per function (new Function), so each call site sees one callee and can inline it, as the engine's
 * own loops do; a shared loop would measure megamorphic dispatch instead.
 */
function nsPerCall(fn: (x: number) => number, inputs: Float64Array): number {
  const loop = new Function(
    "fn",
    "xs",
    "reps",
    "let s = 0; for (let r = 0; r < reps; r++) for (let i = 0; i < xs.length; i++) s += fn(xs[i]); return s;",
  ) as (fn: (x: number) => number, xs: Float64Array, reps: number) => number;
  const reps = 40;
  let sink = loop(fn, inputs, reps); // warm-up
  const ms = time(() => (sink += loop(fn, inputs, reps)), 15, 3);
  if (sink === 0.123456789) console.log(""); // keep the result alive
  return (ms * 1e6) / (reps * inputs.length);
}

let seedBits = 99;
const uniform = (lo: number, hi: number) => lo + (hi - lo) * ((seedBits = (Math.imul(seedBits, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const inputs = (lo: number, hi: number) => Float64Array.from({ length: 4096 }, () => uniform(lo, hi));
const mathRows: [string, (x: number) => number, (x: number) => number, Float64Array][] = [
  ["tanh  (x ∈ ±4, pre-activations)", DETERMINISTIC_MATH.tanh, Math.tanh, inputs(-4, 4)],
  ["exp   (x ∈ ±20)", DETERMINISTIC_MATH.exp, Math.exp, inputs(-20, 20)],
  ["ln    (x ∈ (0, 10])", DETERMINISTIC_MATH.ln, Math.log, inputs(1e-9, 10)],
  ["log1p (x ∈ [0, 1], as in BCE)", DETERMINISTIC_MATH.log1p, Math.log1p, inputs(0, 1)],
  ["sin   (x ∈ ±2π)", DETERMINISTIC_MATH.sin, Math.sin, inputs(-2 * Math.PI, 2 * Math.PI)],
  ["cos   (x ∈ ±2π)", DETERMINISTIC_MATH.cos, Math.cos, inputs(-2 * Math.PI, 2 * Math.PI)],
  ["sigmoid (x ∈ ±10; Math: 1/(1+Math.exp(−x)) branch-free)", DETERMINISTIC_MATH.sigmoid, (x) => 1 / (1 + Math.exp(-x)), inputs(-10, 10)],
];
console.log("");
console.log("deterministic math vs Math.* (ns per call, median)");
const mathTable = mathRows.map(([label, mine, theirs, xs]) => {
  const a = nsPerCall(mine, xs);
  const b = nsPerCall(theirs, xs);
  return [label, a.toFixed(1), b.toFixed(1), `${(a / b).toFixed(2)}×`];
});
const mw = [0, 1, 2, 3].map((c) => Math.max(...mathTable.map((r) => r[c].length), ["function", "det-math", "Math.*", "ratio"][c].length));
const mline = (r: readonly string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(mw[c]) : cell.padStart(mw[c]))).join("  ");
console.log(mline(["function", "det-math", "Math.*", "ratio"]));
console.log(mw.map((w) => "-".repeat(w)).join("  "));
for (const r of mathTable) console.log(mline(r));

const failed = rows.filter((r) => r[3] === "FAIL").length;
console.log(failed === 0 ? "ALL TARGETS PASS" : `${failed} TARGET(S) FAILED`);
