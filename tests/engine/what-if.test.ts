import { describe, expect, it } from "vitest";
import {
  CURVE_DEFAULTS,
  WhatIfEvaluator,
  checksum,
  createState,
  lossAfterSteps,
  lossCurve,
  runSteps,
  trainStep,
} from "@/lib/engine";

describe("what-if evaluation", () => {
  const configs = [
    { scenario: "classification", seed: 3 },
    { scenario: "classification", seed: 3, batchSize: 16 },
    { scenario: "curve-fit", seed: 4 },
    { scenario: "line-fit", seed: 5 },
  ] as const;

  it.each(configs.map((c) => [JSON.stringify(c), c] as const))("%s: equals really stepping, bit for bit, without changing the state", (_name, c) => {
    const state = createState(c);
    const before = checksum(state);
    for (const alpha of [0.01, 0.3, 2]) {
      const one = lossAfterSteps(state, alpha);
      expect(Object.is(one.loss, trainStep(state, alpha).lossAfter)).toBe(true);
      const ten = lossAfterSteps(state, alpha, 10);
      const run = runSteps(state, alpha, 10);
      expect(ten.stepsApplied).toBe(run.stepsApplied);
      expect(Object.is(ten.loss, run.losses.at(-1))).toBe(true);
    }
    expect(checksum(state)).toBe(before);
  });

  it("reports divergence like a real run", () => {
    const state = createState({ scenario: "one-weight" });
    expect(lossAfterSteps(state, 1e308)).toMatchObject({ loss: null, stepsApplied: 0, diverged: true, reason: "non-finite" });
    const exploding = lossAfterSteps(state, 30, 5);
    expect(exploding).toMatchObject({ diverged: true, reason: "exploding" });
    expect(exploding.loss).toBe(runSteps(state, 30, 5).losses.at(-1));
  });

  it("the curve is a log grid from 1e-4 to 10 with 61 points by default, and its best is no worse than any grid point", () => {
    const state = createState({ scenario: "classification", seed: 6 });
    const curve = lossCurve(state);
    expect(curve.k).toBe(1);
    expect(curve.lossBefore).toBe(state.loss);
    expect(curve.points).toHaveLength(CURVE_DEFAULTS.points);
    expect(curve.points[0].alpha).toBe(1e-4);
    expect(curve.points[60].alpha).toBe(10);
    expect(curve.points[30].alpha).toBeCloseTo(Math.sqrt(1e-4 * 10), 12);
    for (let i = 1; i < 61; i++) expect(curve.points[i].alpha / curve.points[i - 1].alpha).toBeCloseTo(10 ** (5 / 60), 12);
    const best = curve.best;
    if (best === null) throw new Error("no best");
    for (const p of curve.points) if (!p.diverged && p.loss !== null) expect(best.loss).toBeLessThanOrEqual(p.loss);
    expect(best.loss).toBeLessThan(state.loss);
    expect(lossAfterSteps(state, best.alpha).loss).toBe(best.loss);
  });

  it("k = 1 shares the gradient: each α costs one evaluation, repeated α none", () => {
    const state = createState({ scenario: "classification", seed: 6 });
    const ev = new WhatIfEvaluator(state, 1);
    const a = ev.at(0.1);
    expect(ev.at(0.1)).toBe(a);
    ev.at(0.2);
    expect(ev.evaluations).toBe(2);
  });

  it("custom grids and k, and their validation", () => {
    const state = createState({ scenario: "curve-fit", seed: 2 });
    const curve = lossCurve(state, { k: 5, minAlpha: 1e-3, maxAlpha: 1, points: 7 });
    expect(curve.k).toBe(5);
    const expected = [1e-3, 1e-3 * 10 ** 0.5, 1e-2, 1e-2 * 10 ** 0.5, 0.1, 0.1 * 10 ** 0.5, 1];
    expect(curve.points).toHaveLength(7);
    curve.points.forEach((p, i) => expect(Math.abs(p.alpha / expected[i] - 1)).toBeLessThan(1e-14));
    expect([curve.points[0].alpha, curve.points[6].alpha]).toEqual([1e-3, 1]);
    expect(curve.points[6].loss).toBe(lossAfterSteps(state, 1, 5).loss);
    expect(() => lossCurve(state, { k: 51 })).toThrow(/whole number from 1 to 50/);
    expect(() => lossCurve(state, { k: 0 })).toThrow(RangeError);
    expect(() => lossAfterSteps(state, 0.1, 51)).toThrow(RangeError);
    expect(lossAfterSteps(state, 0.1, 50).stepsApplied).toBe(50);
    expect(() => lossCurve(state, { minAlpha: 1, maxAlpha: 0.5 })).toThrow(/greater than minAlpha/);
    expect(() => lossCurve(state, { minAlpha: 0 })).toThrow(RangeError);
    expect(() => lossCurve(state, { points: 1 })).toThrow(/points/);
    expect(() => lossAfterSteps(state, -1)).toThrow(RangeError);
  });
});
