import { describe, expect, it } from "vitest";
import {
  costCurve,
  costSurface,
  createState,
  datasetPoints,
  outputGrid,
  paramIndex,
  paramTable,
  predict,
} from "@/lib/engine";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-15, Math.abs(a) + Math.abs(b));

describe("model output over the input space", () => {
  const cls = createState({
    scenario: "classification",
    seed: 4,
    hiddenLayers: [
      { neurons: 3, activation: "tanh" },
      { neurons: 2, activation: "relu" },
    ],
  });

  it("2-D heatmap: cell centres, row-major from the lowest x₂, equal to predict", () => {
    const N = 9;
    const grid = outputGrid(cls, { resolution: N });
    if (grid.kind !== "2d") throw new Error("expected 2d");
    expect(grid.output).toHaveLength(N * N);
    expect(grid.x1[0]).toBeCloseTo(-6 + 6 / N, 12);
    expect(grid.x2[N - 1]).toBeCloseTo(6 - 6 / N, 12);
    expect(grid.neurons).toBeNull();
    const inputs: number[] = [];
    for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) inputs.push(grid.x1[c], grid.x2[r]);
    const expected = predict(cls, inputs);
    grid.output.forEach((v, i) => expect(v).toBe(expected[i]));
    for (const v of grid.output) expect(v > 0 && v < 1).toBe(true);
  });

  it("per-neuron outputs on the same grid (layer 0 = inputs, last = output), also across chunk boundaries", () => {
    const N = 40; // 1600 points: more than one internal chunk
    const grid = outputGrid(cls, { resolution: N, neurons: true });
    if (grid.kind !== "2d" || grid.neurons === null) throw new Error("expected neurons");
    expect(grid.neurons.map((l) => l.length)).toEqual([2, 3, 2, 1]);
    expect(Array.from(grid.neurons[3][0])).toEqual(Array.from(grid.output));
    for (let i = 0; i < N * N; i += 97) {
      expect(grid.neurons[0][0][i]).toBe(grid.x1[i % N]);
      expect(grid.neurons[0][1][i]).toBe(grid.x2[Math.floor(i / N)]);
      expect(grid.neurons[2][1][i]).toBeGreaterThanOrEqual(0); // ReLU layer
      const h = grid.neurons[1].map((a) => a[i]);
      for (const v of h) expect(Math.abs(v)).toBeLessThanOrEqual(1); // tanh layer
    }
  });

  it("1-D curve: N points over the domain, ends included", () => {
    const fit = createState({ scenario: "curve-fit" });
    const curve = outputGrid(fit, { resolution: 31, neurons: true });
    if (curve.kind !== "1d") throw new Error("expected 1d");
    expect(curve.x[0]).toBe(-3);
    expect(curve.x[30]).toBe(3);
    expect(Array.from(curve.output)).toEqual(Array.from(predict(fit, curve.x)));
    expect(curve.neurons?.[1]).toHaveLength(8);
    expect(() => outputGrid(fit, { resolution: 1 })).toThrow(RangeError);
    expect(() => outputGrid(cls, { resolution: 401 })).toThrow(RangeError);
  });
});

describe("cost pictures", () => {
  it("one-weight: J(w) is the parabola, with the current slope, tangent and minimum", () => {
    const state = createState({ scenario: "one-weight", seed: 2 });
    const n = state.data.nTrain;
    const x = Array.from(state.data.x.subarray(0, n));
    const y = Array.from(state.data.y.subarray(0, n));
    const J = (w: number) => x.reduce((s, xi, i) => s + 0.5 * (w * xi - y[i]) ** 2, 0) / n;
    const sxy = x.reduce((s, xi, i) => s + xi * y[i], 0);
    const sxx = x.reduce((s, xi) => s + xi * xi, 0);
    const curve = costCurve(state, { points: 51 });
    expect(curve.w).toHaveLength(51);
    curve.w.forEach((w, i) => expect(rel(curve.loss[i], J(w))).toBeLessThan(1e-12));
    const w0 = state.params[0];
    expect(curve.current.w).toBe(w0);
    expect(curve.current.loss).toBe(state.loss);
    expect(rel(curve.current.slope, x.reduce((s, xi, i) => s + (w0 * xi - y[i]) * xi, 0) / n)).toBeLessThan(1e-12);
    expect(curve.tangent.slope * w0 + curve.tangent.intercept).toBeCloseTo(curve.current.loss, 12);
    expect(rel(curve.minimum.w, sxy / sxx)).toBeLessThan(1e-12);
    expect(Math.min(...curve.loss)).toBeGreaterThanOrEqual(curve.minimum.loss);
    // The default range shows both the current w and the minimum.
    expect(curve.w[0]).toBeLessThan(Math.min(w0, curve.minimum.w));
    expect(curve.w[50]).toBeGreaterThan(Math.max(w0, curve.minimum.w));
    expect(costCurve(state, { range: [0, 1], points: 3 }).w).toEqual(Float64Array.from([0, 0.5, 1]));
    expect(() => costCurve(createState({ scenario: "line-fit" }))).toThrow(/one-weight/);
    expect(() => costCurve(state, { range: [1, 0] })).toThrow(RangeError);
  });

  it("line-fit: J(w, b) on a grid, the gradient and the least-squares minimum", () => {
    const state = createState({ scenario: "line-fit", seed: 6 });
    const n = state.data.nTrain;
    const x = Array.from(state.data.x.subarray(0, n));
    const y = Array.from(state.data.y.subarray(0, n));
    const J = (w: number, b: number) => x.reduce((s, xi, i) => s + 0.5 * (w * xi + b - y[i]) ** 2, 0) / n;
    const N = 21;
    const surface = costSurface(state, { resolution: N });
    expect(surface.loss).toHaveLength(N * N);
    for (let r = 0; r < N; r += 4)
      for (let c = 0; c < N; c += 3) expect(rel(surface.loss[r * N + c], J(surface.w[c], surface.b[r]))).toBeLessThan(1e-12);
    expect(surface.current.gradient).toEqual([state.gradient[0], state.gradient[1]]);
    const { w, b } = surface.minimum;
    // At the least-squares solution both partial derivatives vanish.
    expect(Math.abs(x.reduce((s, xi, i) => s + (w * xi + b - y[i]) * xi, 0) / n)).toBeLessThan(1e-12);
    expect(Math.abs(x.reduce((s, xi, i) => s + (w * xi + b - y[i]), 0) / n)).toBeLessThan(1e-12);
    expect(Math.min(...surface.loss)).toBeGreaterThanOrEqual(surface.minimum.loss);
    expect(() => costSurface(createState({ scenario: "one-weight" }))).toThrow(/line-fit/);
  });
});

describe("data and network layout for drawing", () => {
  it("dataset points carry inputs, targets and the split", () => {
    const state = createState({ scenario: "classification", numPoints: 50, trainFraction: 0.6 });
    const { points, kind, domain } = datasetPoints(state);
    expect(kind).toBe("classification");
    expect(domain).toEqual([[-6, 6], [-6, 6]]);
    expect(points).toHaveLength(50);
    expect(points.filter((p) => p.split === "train")).toHaveLength(30);
    expect(points[31]).toEqual({ x: [state.data.x[31], state.data.x[81]], y: state.data.y[31], split: "test" });
  });

  it("the parameter table names every index (layer, to, from | bias)", () => {
    const state = createState({ scenario: "classification", hiddenLayers: [{ neurons: 3, activation: "tanh" }] });
    const table = paramTable(state);
    expect(table).toHaveLength(2 * 3 + 3 + 3 * 1 + 1);
    table.forEach((e, i) => {
      expect(e.index).toBe(i);
      expect(e.value).toBe(state.params[i]);
      expect(paramIndex(state.network, e)).toBe(i);
    });
    expect(table[0]).toMatchObject({ layer: 1, to: 0, from: 0 });
    expect(table[6]).toMatchObject({ layer: 1, to: 0, from: "bias" });
    expect(table[12]).toMatchObject({ layer: 2, to: 0, from: "bias" });
    const l1 = state.network.layers[1];
    expect([l1.weightOffset, l1.biasOffset, l1.fanIn, l1.size]).toEqual([0, 6, 2, 3]);
  });
});
