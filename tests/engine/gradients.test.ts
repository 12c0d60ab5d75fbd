/**
 * Backpropagation against central finite differences, and the chain-rule
 * breakdown against backpropagation.
 *
 * Finite differences use the fourth-order five-point stencil
 *   J'(θ) ≈ [−J(θ+2h) + 8J(θ+h) − 8J(θ−h) + J(θ−2h)] / 12h,  h = 1e-4·max(1, |θ|),
 * whose truncation error (~h⁴) and rounding error (~ε·J/h ≈ 1e-12) are both far
 * below the tolerance. Relative error is |a − b| / max(|a| + |b|, 1e-5): the
 * floor makes components below 1e-5 (e.g. exactly 0 behind a dead ReLU) compare
 * absolutely to 1e-11, about ten times the stencil's rounding noise, instead of
 * measuring that noise relative to a tiny number. ReLU is not differentiable at 0, so a parameter
 * is skipped when its stencil changes any ReLU on/off pattern (rare; counted).
 */
import { describe, expect, it } from "vitest";
import {
  backpropTrace,
  chainRule,
  createState,
  gradient,
  predict,
  runSteps,
  type ActivationName,
  type EngineConfigInput,
  type EngineState,
  type LossName,
} from "@/lib/engine";
import { createWorkspace, forward, lossAt } from "@/lib/engine/mlp-kernel";
import { trainingSet } from "@/lib/engine/state";

const ACTS: ActivationName[] = ["tanh", "relu", "sigmoid", "linear"];
const LOSSES: LossName[] = ["bce", "mse"];
const DATASETS = ["circle", "xor", "gaussian", "spiral", "moons"] as const;

function relErr(a: number, b: number, floor = 1e-5): number {
  return Math.abs(a - b) / Math.max(floor, Math.abs(a) + Math.abs(b));
}

function lossWith(state: EngineState, p: Float64Array): number {
  const { xs, xStride, ys, n } = trainingSet(state);
  return lossAt(state.network, p, xs, xStride, ys, n, createWorkspace(state.network, n));
}

/** Signs of every ReLU pre-activation at p, as a string (empty if no ReLU layer). */
function reluPattern(state: EngineState, p: Float64Array): string {
  const net = state.network;
  const { xs, xStride, n } = trainingSet(state);
  const ws = createWorkspace(net, n);
  forward(net, p, xs, xStride, n, ws);
  let out = "";
  for (const l of net.layers)
    if (l.layer > 0 && l.activation === "relu") for (let i = 0; i < n * l.size; i++) out += ws.z[l.layer][i] > 0 ? "1" : "0";
  return out;
}

function checkAgainstFiniteDifferences(state: EngineState): { checked: number; skipped: number; worst: number } {
  const analytic = gradient(state).gradient;
  const base = reluPattern(state, state.params);
  const p = state.params.slice();
  let worst = 0;
  let skipped = 0;
  for (let i = 0; i < p.length; i++) {
    const theta = state.params[i];
    const h = 1e-4 * Math.max(1, Math.abs(theta));
    const at = (k: number) => {
      p[i] = theta + k * h;
      const v = lossWith(state, p);
      const kinked = base !== "" && reluPattern(state, p) !== base;
      p[i] = theta;
      return { v, kinked };
    };
    const pts = [at(2), at(1), at(-1), at(-2)];
    if (pts.some((q) => q.kinked)) {
      skipped++;
      continue;
    }
    const fd = (-pts[0].v + 8 * pts[1].v - 8 * pts[2].v + pts[3].v) / (12 * h);
    worst = Math.max(worst, relErr(analytic[i], fd));
  }
  return { checked: p.length - skipped, skipped, worst };
}

function hiddenLayers(depth: number, seed: number, act: (l: number) => ActivationName) {
  return Array.from({ length: depth }, (_, l) => ({ neurons: ((seed * 5 + l * 3) % 8) + 1, activation: act(l) }));
}

describe("gradients match finite differences", () => {
  for (const loss of LOSSES)
    for (const activation of ACTS)
      it(`classification, ${loss}, ${activation}, 0–4 hidden layers, 3 seeds`, () => {
        let skipped = 0;
        let checked = 0;
        for (let depth = 0; depth <= 4; depth++)
          for (const seed of [1, 2, 3]) {
            const start = createState({
              scenario: "classification",
              dataset: DATASETS[(depth + seed) % DATASETS.length],
              numPoints: 12,
              trainFraction: 1,
              noise: 0.2,
              seed,
              loss,
              hiddenLayers: hiddenLayers(depth, seed, () => activation),
            });
            // Two steps first, so the gradient the step carries into the new state is checked too.
            for (const state of [start, runSteps(start, 0.5, 2).state]) {
              const r = checkAgainstFiniteDifferences(state);
              expect(r.worst, `depth ${depth} seed ${seed}`).toBeLessThan(1e-6);
              skipped += r.skipped;
              checked += r.checked;
            }
          }
        expect(skipped).toBeLessThanOrEqual(checked * 0.1);
      });

  it("curve-fit (linear output, MSE) for every activation and depth", () => {
    for (const activation of ACTS)
      for (let depth = 0; depth <= 4; depth++) {
        const state = createState({
          scenario: "curve-fit",
          target: "sine",
          numPoints: 15,
          trainFraction: 1,
          seed: depth + 10,
          hiddenLayers: hiddenLayers(depth, depth + 10, () => activation),
        });
        const r = checkAgainstFiniteDifferences(state);
        expect(r.worst, `${activation} depth ${depth}`).toBeLessThan(1e-6);
        expect(r.checked).toBeGreaterThan(0);
      }
  });

  it("mixed activations per layer, and a mini-batch configuration (gradient is always full-batch)", () => {
    const mixed: ActivationName[] = ["relu", "tanh", "linear", "sigmoid"];
    for (const seed of [4, 5, 6]) {
      const state = createState({
        scenario: "classification",
        dataset: "moons",
        numPoints: 20,
        trainFraction: 1,
        seed,
        batchSize: 5,
        hiddenLayers: hiddenLayers(4, seed, (l) => mixed[(l + seed) % 4]),
      });
      const r = checkAgainstFiniteDifferences(runSteps(state, 0.3, 3).state);
      expect(r.worst).toBeLessThan(1e-6);
    }
  });

  it("one-weight and line-fit", () => {
    for (const scenario of ["one-weight", "line-fit"] as const) {
      const r = checkAgainstFiniteDifferences(createState({ scenario, seed: 3 }));
      expect(r.worst).toBeLessThan(1e-6);
      expect(r.checked).toBe(scenario === "one-weight" ? 1 : 2);
    }
  });

  it("the check itself catches a wrong gradient", () => {
    const state = createState({ scenario: "classification", numPoints: 12, trainFraction: 1 });
    const wrong = state.gradient.slice();
    wrong[3] *= 1 + 1e-4;
    const fake = { ...state, gradient: wrong } as EngineState;
    expect(checkAgainstFiniteDifferences(fake).worst).toBeGreaterThan(1e-5);
  });
});

describe("backpropagation trace", () => {
  const state = createState({
    scenario: "classification",
    dataset: "xor",
    numPoints: 40,
    trainFraction: 0.5,
    seed: 9,
    hiddenLayers: [
      { neurons: 3, activation: "tanh" },
      { neurons: 2, activation: "relu" },
    ],
  });

  it("over all training samples it reproduces the state's loss and gradient exactly", () => {
    const trace = backpropTrace(state);
    expect(trace.samples).toHaveLength(20);
    expect(Object.is(trace.loss, state.loss)).toBe(true);
    trace.gradient.forEach((g, i) => expect(Object.is(g, state.gradient[i])).toBe(true));
    for (const l of state.network.layers.slice(1)) {
      const t = trace.layers[l.layer];
      expect(Array.from(t.dW ?? [])).toEqual(Array.from(state.gradient.subarray(l.weightOffset, l.weightOffset + l.size * l.fanIn)));
      expect(Array.from(t.db ?? [])).toEqual(Array.from(state.gradient.subarray(l.biasOffset, l.biasOffset + l.size)));
    }
  });

  it("holds z, a = f(z) and δ for every layer", () => {
    const trace = backpropTrace(state, [0, 5, 7]);
    const [input, h1, h2, out] = trace.layers;
    expect(input.z).toBeNull();
    expect(Array.from(input.a)).toEqual([state.data.x[0], state.data.x[5], state.data.x[7], state.data.x[40], state.data.x[45], state.data.x[47]]);
    h1.z?.forEach((z, i) => expect(h1.a[i]).toBe(Math.tanh(z)));
    h2.z?.forEach((z, i) => expect(h2.a[i]).toBe(Math.max(0, z)));
    // Output δ for sigmoid + BCE is ŷ − y.
    [0, 5, 7].forEach((s, r) => expect(out.delta?.[r]).toBeCloseTo(out.a[r] - state.data.y[s], 14));
    // Hidden δ: f'(z) · Σ_k w_kj δ_k, checked by hand for one neuron.
    const L = state.network.layers;
    const w = (layer: number, to: number, from: number) => state.params[L[layer].weightOffset + to * L[layer].fanIn + from];
    const r = 1; // second traced sample; neuron-major index = j * 3 + r
    const up = w(3, 0, 1) * (out.delta as Float64Array)[r];
    const slope = (h2.z as Float64Array)[1 * 3 + r] > 0 ? 1 : 0;
    expect((h2.delta as Float64Array)[1 * 3 + r]).toBe(slope * up);
    expect(trace.loss).toBeGreaterThan(0);
  });

  it("rejects bad sample indices", () => {
    expect(() => backpropTrace(state, [20])).toThrow(RangeError);
    expect(() => backpropTrace(state, [])).toThrow(RangeError);
    expect(() => backpropTrace(state, [1.5])).toThrow(RangeError);
  });
});

describe("chain rule", () => {
  const configs: EngineConfigInput[] = [
    { scenario: "classification", loss: "bce", hiddenLayers: [{ neurons: 3, activation: "tanh" }, { neurons: 2, activation: "sigmoid" }] },
    { scenario: "classification", loss: "mse", hiddenLayers: [{ neurons: 2, activation: "relu" }, { neurons: 3, activation: "tanh" }] },
    { scenario: "classification", loss: "bce", hiddenLayers: [] },
    { scenario: "curve-fit", hiddenLayers: [{ neurons: 3, activation: "tanh" }, { neurons: 2, activation: "linear" }] },
    { scenario: "one-weight" },
    { scenario: "line-fit" },
  ];

  it.each(configs.map((c, i) => [i, c] as const))("config %i: factors multiply to each sample's contribution, which average to the gradient", (_i, c) => {
    const state = runSteps(createState({ ...c, numPoints: 16, trainFraction: 0.75, seed: 21 }), 0.2, 2).state;
    const n = state.data.nTrain;
    const L = state.network.layers.length - 1;
    for (const entry of state.network.paramEntries) {
      let sum = 0;
      for (let s = 0; s < n; s++) {
        const cr = chainRule(state, entry, s);
        expect(cr.paramIndex).toBe(entry.index);
        expect(cr.factors.map((f) => f.key)).toEqual(
          entry.layer === L ? ["input", "loss-slope", "slope"] : ["input", "slope", "upstream"],
        );
        const product = cr.factors.reduce((p, f) => p * f.value, 1);
        expect(cr.product).toBe(product);
        expect(relErr(product, cr.contribution, 1e-15)).toBeLessThan(1e-10);
        if (entry.from === "bias") expect(cr.factors[0].value).toBe(1);
        if (entry.layer < L) expect(cr.factors[2].value).toBeCloseTo(cr.upstreamTerms.reduce((p, t) => p + t.weight * t.delta, 0), 15);
        sum += cr.contribution;
      }
      const cr0 = chainRule(state, entry, 0);
      expect(cr0.batchGradient).toBe(state.gradient[entry.index]);
      expect(relErr(sum / n, cr0.batchGradient, 1e-15)).toBeLessThan(1e-12);
    }
  });

  it("shows the actual numbers for an output weight (BCE): a_i, ∂L/∂ŷ, σ'(z)", () => {
    const state = createState({ scenario: "classification", hiddenLayers: [{ neurons: 2, activation: "tanh" }], seed: 3 });
    const cr = chainRule(state, { layer: 2, to: 0, from: 1 }, 4);
    const trace = backpropTrace(state, [4]);
    const yHat = predict(state, [state.data.x[4], state.data.x[state.data.y.length + 4]])[0];
    const y = state.data.y[4];
    expect(cr.sample.yHat).toBe(yHat);
    expect(cr.sample.y).toBe(y);
    expect(cr.factors[0].value).toBe(trace.layers[1].a[1]);
    expect(cr.factors[1].value).toBeCloseTo((yHat - y) / (yHat * (1 - yHat)), 12);
    expect(cr.factors[2].value).toBeCloseTo(yHat * (1 - yHat), 15);
    expect(cr.delta).toBeCloseTo(yHat - y, 15);
  });

  it("rejects parameters that do not exist", () => {
    const state = createState({ scenario: "one-weight" });
    expect(() => chainRule(state, { layer: 1, to: 0, from: "bias" }, 0)).toThrow(/no bias/);
    expect(() => chainRule(state, { layer: 0, to: 0, from: 0 }, 0)).toThrow(RangeError);
    expect(() => chainRule(state, { layer: 1, to: 1, from: 0 }, 0)).toThrow(RangeError);
    expect(() => chainRule(state, { layer: 1, to: 0, from: 0 }, 99)).toThrow(RangeError);
  });
});
