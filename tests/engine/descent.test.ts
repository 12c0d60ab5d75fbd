/**
 * Gradient descent: closed forms of the two linear scenarios, stability,
 * divergence handling, immutability and equivalence of the step APIs.
 *
 * One-weight under the engine's convention J = (1/n) Σ ½ (w·x − y)²:
 *   J(w) = a·w² + b·w + c  with  a = ½·mean(x²), b = −mean(x·y), c = ½·mean(y²)
 *   J'(w) = 2a·w + b, minimum w* = −b / 2a.
 * One step w' = w − α·J'(w) lands exactly on w* when α·2a(w − w*) = w − w*,
 * i.e. α* = 1 / 2a = 1 / mean(x²). The error w − w* is multiplied by (1 − 2aα)
 * each step, so descent is stable only for α < 2 / 2a = 2 / mean(x²).
 */
import { describe, expect, it } from "vitest";
import {
  DIVERGENCE_RULE,
  SCENARIO,
  checksum,
  createState,
  evaluate,
  isExploding,
  lossCurve,
  runSteps,
  trainStep,
  trainingLoss,
  validateAlpha,
  type EngineState,
} from "@/lib/engine";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-15, Math.abs(a) + Math.abs(b));

function trainXY(state: EngineState): { x: number[]; y: number[] } {
  const n = state.data.nTrain;
  return { x: Array.from(state.data.x.subarray(0, n)), y: Array.from(state.data.y.subarray(0, n)) };
}
const mean = (v: number[]) => v.reduce((p, q) => p + q, 0) / v.length;

function quadratic(state: EngineState) {
  const { x, y } = trainXY(state);
  const a = 0.5 * mean(x.map((v) => v * v));
  const b = -mean(x.map((v, i) => v * y[i]));
  const c = 0.5 * mean(y.map((v) => v * v));
  return { a, b, c, wStar: -b / (2 * a), J: (w: number) => a * w * w + b * w + c };
}

describe("closed forms", () => {
  it("one-weight: loss and gradient equal the parabola's", () => {
    for (const seed of [1, 2, 3]) {
      const state = createState({ scenario: "one-weight", seed, noise: 0.3, initialWeight: null });
      const { x, y } = trainXY(state);
      const w = state.params[0];
      const { a, b, J } = quadratic(state);
      expect(rel(state.gradient[0], mean(x.map((v, i) => (w * v - y[i]) * v)))).toBeLessThan(1e-13);
      expect(rel(state.gradient[0], 2 * a * w + b)).toBeLessThan(1e-12);
      expect(rel(state.loss, J(w))).toBeLessThan(1e-12);
    }
  });

  it("line-fit: ∂J/∂w = mean((ŷ − y)·x), ∂J/∂b = mean(ŷ − y)", () => {
    for (const seed of [1, 2, 3]) {
      const state = createState({ scenario: "line-fit", seed, initialWeight: null, initialBias: 0.7 });
      const { x, y } = trainXY(state);
      const [w, b] = state.params;
      const err = x.map((v, i) => w * v + b - y[i]);
      expect(rel(state.gradient[0], mean(err.map((e, i) => e * x[i])))).toBeLessThan(1e-13);
      expect(rel(state.gradient[1], mean(err))).toBeLessThan(1e-13);
      expect(rel(state.loss, mean(err.map((e) => 0.5 * e * e)))).toBeLessThan(1e-13);
    }
  });

  it("one-weight: the best α equals the analytic one-step optimum 1/mean(x²)", () => {
    for (const seed of [1, 2, 3, 4]) {
      const state = createState({ scenario: "one-weight", seed, noise: 0.2, numPoints: 10 + seed * 17 });
      const { a, J, wStar } = quadratic(state);
      const alphaStar = 1 / (2 * a);
      const best = lossCurve(state).best;
      if (best === null) throw new Error("no best α");
      expect(rel(best.alpha, alphaStar)).toBeLessThan(1e-6);
      expect(rel(best.loss, J(wStar))).toBeLessThan(1e-10);
      // Stepping with α* lands on the minimum.
      expect(rel(trainStep(state, alphaStar).state.params[0], wStar)).toBeLessThan(1e-12);
    }
  });

  it("line-fit: the best α equals gᵀg / gᵀHg (exact line search on the quadratic)", () => {
    const state = createState({ scenario: "line-fit", seed: 5 });
    const { x } = trainXY(state);
    const [gw, gb] = state.gradient;
    // Hessian of J(w, b): [[mean x², mean x], [mean x, 1]].
    const hww = mean(x.map((v) => v * v));
    const hwb = mean(x);
    const alphaStar = (gw * gw + gb * gb) / (hww * gw * gw + 2 * hwb * gw * gb + gb * gb);
    const best = lossCurve(state, { points: 41 }).best;
    expect(best).not.toBeNull();
    expect(rel(best?.alpha ?? 0, alphaStar)).toBeLessThan(1e-6);
  });
});

describe("learning rate and stability", () => {
  it.each(Object.values(SCENARIO))("%s: a small α lowers the loss", (scenario) => {
    const state = createState({ scenario });
    const r = trainStep(state, 1e-3);
    expect(r.applied).toBe(true);
    expect(r.diverged).toBe(false);
    expect(r.reason).toBeNull();
    expect(r.lossAfter).toBeLessThan(r.lossBefore);
    expect(r.lossBefore).toBe(state.loss);
    expect(r.lossAfter).toBe(trainingLoss(r.state));
    expect(r.lossAfter).toBe(evaluate(r.state).trainLoss);
  });

  it("one-weight: below the limit 2/mean(x²) the loss falls every step, above it grows every step until flagged", () => {
    const state = createState({ scenario: "one-weight", seed: 8 });
    const { a } = quadratic(state);
    const limit = 1 / a;

    const stable = runSteps(state, 0.95 * limit, 100);
    expect(stable.diverged).toBe(false);
    expect(stable.stepsApplied).toBe(100);
    stable.losses.forEach((l, i) => expect(l).toBeLessThan(i === 0 ? stable.lossBefore : stable.losses[i - 1]));

    const unstable = runSteps(state, 1.05 * limit, 1000);
    expect(unstable.diverged).toBe(true);
    expect(unstable.reason).toBe("exploding");
    expect(unstable.stepsApplied).toBeGreaterThan(20);
    expect(unstable.stepsApplied).toBeLessThan(1000);
    expect(unstable.losses).toHaveLength(unstable.stepsApplied);
    unstable.losses.forEach((l, i) => expect(l).toBeGreaterThan(i === 0 ? unstable.lossBefore : unstable.losses[i - 1]));
    expect(unstable.losses.at(-1)).toBeGreaterThan(DIVERGENCE_RULE.maxLoss);
    expect(unstable.losses.at(-2)).toBeLessThanOrEqual(DIVERGENCE_RULE.maxLoss);
    expect(unstable.state.step).toBe(unstable.stepsApplied); // the exploding step is applied
    expect(Number.isFinite(unstable.state.params[0])).toBe(true);
  });

  it("a step that explodes 100-fold at once is applied and flagged", () => {
    const state = createState({ scenario: "one-weight", seed: 8 });
    const { a } = quadratic(state);
    const r = trainStep(state, 20 / (2 * a)); // error × (1 − 20) per step: loss × ~361
    expect(r).toMatchObject({ applied: true, diverged: true, reason: "exploding" });
    expect(r.lossAfter).toBeGreaterThan(100 * r.lossBefore);
    expect(r.state.step).toBe(1);
  });

  it("a step that would make weights non-finite is not applied", () => {
    const state = createState({ scenario: "one-weight", seed: 8 });
    const r = trainStep(state, 1e308);
    expect(r).toMatchObject({ applied: false, diverged: true, reason: "non-finite" });
    expect(r.state).toBe(state);
    expect(r.lossAfter).toBe(r.lossBefore);
    const run = runSteps(state, 1e308, 5);
    expect(run).toMatchObject({ stepsApplied: 0, losses: [], diverged: true, reason: "non-finite" });
    expect(run.state).toBe(state);
  });

  it("a classification run with a huge α stops at the first divergence with finite weights", () => {
    const state = createState({ scenario: "classification", seed: 2 });
    const r = runSteps(state, 1e6, 50);
    expect(r.diverged).toBe(true);
    expect(r.stepsApplied).toBeLessThan(50);
    expect(r.state.params.every(Number.isFinite)).toBe(true);
  });

  it("the exploding rule", () => {
    expect(isExploding(1, 101)).toBe(true);
    expect(isExploding(1, 99)).toBe(false);
    expect(isExploding(1e-6, 1e-3)).toBe(false); // 1000× but still a tiny loss
    expect(isExploding(1e-3, 0.2)).toBe(true);
    expect(isExploding(1e5, 9e5)).toBe(false);
    expect(isExploding(1e5, 2e6)).toBe(true);
  });

  it("invalid α and step counts are rejected with a clear message", () => {
    const state = createState({ scenario: "line-fit" });
    for (const bad of [0, -0.1, Number.NaN, Infinity, -Infinity, "0.1", undefined]) {
      expect(() => validateAlpha(bad)).toThrow(RangeError);
      expect(() => validateAlpha(bad)).toThrow(/learning rate α must be a finite number greater than 0/);
    }
    expect(validateAlpha(0.25)).toBe(0.25);
    expect(() => trainStep(state, 0)).toThrow(RangeError);
    expect(() => runSteps(state, Number.NaN, 3)).toThrow(/got NaN/);
    for (const k of [0, 1.5, -1, 10_001]) expect(() => runSteps(state, 0.1, k)).toThrow(/whole number from 1 to 10000/);
  });
});

describe("states are immutable values", () => {
  it("trainStep returns a new state and leaves the old one untouched", () => {
    const state = createState({ scenario: "classification", seed: 4 });
    const params = state.params.slice();
    const grad = state.gradient.slice();
    const sum = checksum(state);
    const a = trainStep(state, 0.3);
    const b = trainStep(state, 0.3);
    expect(a.state).not.toBe(state);
    expect(a.state.params).not.toBe(state.params);
    expect(a.state.step).toBe(1);
    expect(state.step).toBe(0);
    expect(Array.from(state.params)).toEqual(Array.from(params));
    expect(Array.from(state.gradient)).toEqual(Array.from(grad));
    expect(checksum(state)).toBe(sum);
    expect(checksum(a.state)).toBe(checksum(b.state));
    expect(Object.isFrozen(state)).toBe(true);
    expect(Object.isFrozen(state.config)).toBe(true);
    expect(a.state.data).toBe(state.data); // shared, never written
  });

  it.each([null, 7])("k single steps equal one runSteps(k) bit for bit (batchSize %s)", (batchSize) => {
    const state = createState({ scenario: "classification", dataset: "moons", seed: 12, batchSize });
    let s = state;
    const losses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = trainStep(s, 0.4);
      losses.push(r.lossAfter);
      s = r.state;
    }
    const run = runSteps(state, 0.4, 12);
    expect(run.losses.every((l, i) => Object.is(l, losses[i]))).toBe(true);
    expect(checksum(run.state)).toBe(checksum(s));
    run.state.params.forEach((p, i) => expect(Object.is(p, s.params[i])).toBe(true));
    run.state.gradient.forEach((g, i) => expect(Object.is(g, s.gradient[i])).toBe(true));
    expect(run.state.rng).toEqual(s.rng);
  });

  it("mini-batches are seeded: they change the trajectory and advance the generator", () => {
    const full = createState({ scenario: "curve-fit", seed: 3 });
    const mini = createState({ scenario: "curve-fit", seed: 3, batchSize: 10 });
    const rf = runSteps(full, 0.1, 5);
    const rm = runSteps(mini, 0.1, 5);
    expect(rf.state.rng).toEqual(full.rng); // full batch draws nothing
    expect(rm.state.rng).not.toEqual(mini.rng);
    expect(checksum(rm.state)).not.toBe(checksum(rf.state));
    expect(checksum(runSteps(mini, 0.1, 5).state)).toBe(checksum(rm.state));
    // The reported loss is the full training loss, not the batch's.
    expect(rm.losses.at(-1)).toBe(trainingLoss(rm.state));
    // A batch as large as the training set is full batch.
    const big = createState({ scenario: "curve-fit", seed: 3, batchSize: 1000 });
    expect(checksum(runSteps(big, 0.1, 5).state)).toBe(checksum(rf.state));
  });
});
