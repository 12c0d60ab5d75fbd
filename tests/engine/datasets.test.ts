import { describe, expect, it } from "vitest";
import { CURVE_FUNCTIONS, DATASET, Rng, RNG_STREAM, createState, generateDataset, parseConfig } from "@/lib/engine";

describe("classification datasets", () => {
  it.each(Object.values(DATASET))("%s: n points, 0/1 labels, both classes, inside the square", (dataset) => {
    const config = parseConfig({ scenario: "classification", dataset, numPoints: 301, noise: 0.5, trainFraction: 0.7 });
    const data = generateDataset(config);
    expect(data.inputDim).toBe(2);
    expect(data.x).toHaveLength(602);
    expect(data.nTrain).toBe(211);
    expect(data.nTest).toBe(90);
    const labels = Array.from(data.y);
    expect(new Set(labels)).toEqual(new Set([0, 1]));
    // Both classes are well represented (xor labels come from the quadrant, the others alternate).
    const ones = labels.filter((l) => l === 1).length;
    expect(ones).toBeGreaterThan(100);
    expect(ones).toBeLessThan(201);
    for (const v of data.x) expect(Math.abs(v)).toBeLessThanOrEqual(6);
  });

  it("circle without noise: class 1 inside radius 2.5, class 0 in the ring from 3.5", () => {
    const data = generateDataset(parseConfig({ scenario: "classification", dataset: "circle", noise: 0 }));
    const n = data.y.length;
    for (let s = 0; s < n; s++) {
      const r = Math.hypot(data.x[s], data.x[n + s]);
      if (data.y[s] === 1) expect(r).toBeLessThanOrEqual(2.5);
      else expect(r).toBeGreaterThanOrEqual(3.5);
    }
  });

  it("xor without noise: label is 1 exactly when x1·x2 > 0", () => {
    const data = generateDataset(parseConfig({ scenario: "classification", dataset: "xor", noise: 0 }));
    const n = data.y.length;
    for (let s = 0; s < n; s++) expect(data.y[s]).toBe(data.x[s] * data.x[n + s] > 0 ? 1 : 0);
  });
});

describe("regression datasets", () => {
  it("one-weight and line-fit without noise lie exactly on their line", () => {
    const one = generateDataset(parseConfig({ scenario: "one-weight", noise: 0, trueSlope: -1.5 }));
    one.y.forEach((y, s) => expect(y).toBe(-1.5 * one.x[s]));
    const line = generateDataset(parseConfig({ scenario: "line-fit", noise: 0, trueSlope: 2, trueIntercept: 0.5 }));
    line.y.forEach((y, s) => expect(y).toBe(2 * line.x[s] + 0.5));
  });

  it.each(Object.keys(CURVE_FUNCTIONS) as (keyof typeof CURVE_FUNCTIONS)[])("curve-fit %s without noise", (target) => {
    const data = generateDataset(parseConfig({ scenario: "curve-fit", target, noise: 0 }));
    data.y.forEach((y, s) => expect(y).toBe(CURVE_FUNCTIONS[target](data.x[s])));
    for (const x of data.x) expect(Math.abs(x)).toBeLessThanOrEqual(3);
  });

  it("noise moves the targets but not the inputs", () => {
    const clean = generateDataset(parseConfig({ scenario: "curve-fit", noise: 0 }));
    const noisy = generateDataset(parseConfig({ scenario: "curve-fit", noise: 0.3 }));
    expect(Array.from(noisy.x)).toEqual(Array.from(clean.x));
    const moved = Array.from(noisy.y).map((y, s) => Math.abs(y - clean.y[s]));
    expect(Math.max(...moved)).toBeGreaterThan(0.3);
    expect(moved.reduce((a, b) => a + b, 0) / moved.length).toBeLessThan(0.5);
  });
});

describe("seeding", () => {
  it("the same seed gives the same data even when the network changes", () => {
    const a = createState({ scenario: "classification", dataset: "spiral", seed: 5 });
    const b = createState({ scenario: "classification", dataset: "spiral", seed: 5, hiddenLayers: [] });
    expect(Array.from(b.data.x)).toEqual(Array.from(a.data.x));
    expect(Array.from(b.data.y)).toEqual(Array.from(a.data.y));
  });

  it("another seed gives other data and other weights", () => {
    const a = createState({ scenario: "classification", seed: 5 });
    const b = createState({ scenario: "classification", seed: 6 });
    expect(Array.from(b.data.x)).not.toEqual(Array.from(a.data.x));
    expect(Array.from(b.params)).not.toEqual(Array.from(a.params));
  });

  it("the generator is deterministic, uniform-looking and streams differ", () => {
    const a = Rng.fromSeed(42, RNG_STREAM.data);
    const b = Rng.fromSeed(42, RNG_STREAM.data);
    const c = Rng.fromSeed(42, RNG_STREAM.init);
    const xs = Array.from({ length: 20000 }, () => a.nextFloat());
    expect(Array.from({ length: 20000 }, () => b.nextFloat())).toEqual(xs);
    expect(c.nextFloat()).not.toBe(xs[0]);
    const mean = xs.reduce((p, x) => p + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    const ints = Array.from({ length: 7000 }, () => a.nextInt(7));
    for (let v = 0; v < 7; v++) expect(ints.filter((i) => i === v).length).toBeGreaterThan(850);
    // Restoring a snapshot continues the same sequence.
    const snap = a.snapshot();
    const next = a.nextUint32();
    expect(new Rng(snap).nextUint32()).toBe(next);
  });
});
