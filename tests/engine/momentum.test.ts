/**
 * Momentum (heavy ball): v ← βv + g, θ ← θ − αv, velocity in the state. Hand-computed trajectories on data whose
 * numbers are all exact in binary (so equality is exact, not approximate), β = 0 against plain descent bit for bit,
 * round trips, resets, mini-batches, the β override, the β search and scoring, and the path comparison.
 */
import { describe, expect, it } from "vitest";
import {
  BETA_CURVE_DEFAULTS,
  EngineConfigError,
  checksum,
  createState,
  deserializeState,
  fnv1a64,
  gradient,
  lossAfterSteps,
  lossCurve,
  momentumPaths,
  parseConfig,
  resetState,
  runSteps,
  scoreBetaGuesses,
  scoreGuesses,
  serializeState,
  trainStep,
  type EngineConfigInput,
  type EngineState,
} from "@/lib/engine";
import { createWorkspace, lossAt } from "@/lib/engine/mlp-kernel";
import { trainingSet } from "@/lib/engine/state";

const momentum = (beta: number) => ({ kind: "momentum", beta }) as const;

/** y = 2x on x = ±1, ±2: J(w) = ½·mean((w − 2)²x²), so dJ/dw = 2.5·(w − 2). */
const ONE_WEIGHT: EngineConfigInput = {
  scenario: "one-weight",
  initialWeight: -1,
  data: { points: [[1, 2], [-1, -2], [2, 4], [-2, -4]] },
};
/** y = 2x + 1 on x = ±1: mean x = 0, mean x² = 1, so ∂J/∂w = w − 2 and ∂J/∂b = b − 1 (decoupled). */
const LINE_FIT: EngineConfigInput = {
  scenario: "line-fit",
  initialWeight: -1,
  initialBias: 0,
  data: { points: [[1, 3], [-1, -1], [1, 3], [-1, -1]] },
};

function statesOf(start: EngineState, alpha: number, steps: number, beta?: number): EngineState[] {
  const out = [start];
  for (let i = 0; i < steps; i++) out.push(runSteps(out[i], alpha, 1, beta === undefined ? {} : { beta }).state);
  return out;
}

function expectSameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`).toBe(true);
}

describe("heavy-ball momentum against hand-computed steps", () => {
  it("one-weight, α = 1/8, β = 1/2: v and w for 3 steps", () => {
    const [s0, s1, s2, s3] = statesOf(createState(parseConfig({ ...ONE_WEIGHT, optimizer: momentum(0.5) })), 0.125, 3);
    expect(Array.from(s0.velocity)).toEqual([0]);
    // g0 = 2.5·(−1 − 2) = −7.5;          v1 = −7.5;                    w1 = −1 − ⅛·(−7.5) = −0.0625
    expect([s1.gradient[0], s1.velocity[0], s1.params[0]]).toEqual([2.5 * (-0.0625 - 2), -7.5, -0.0625]);
    // g1 = 2.5·(−2.0625) = −5.15625;     v2 = ½·(−7.5) − 5.15625 = −8.90625;   w2 = −0.0625 + ⅛·8.90625 = 1.05078125
    expect([s2.velocity[0], s2.params[0]]).toEqual([-8.90625, 1.05078125]);
    // g2 = 2.5·(1.05078125 − 2) = −2.373046875; v3 = −4.453125 − 2.373046875 = −6.826171875; w3 = 1.904052734375
    expect([s3.velocity[0], s3.params[0]]).toEqual([-6.826171875, 1.904052734375]);
    expect(s3.step).toBe(3);
    // Plain descent from the same start is slower: w3 = 2 − 3·(1 − 2.5/8)³ = 1.0253906…
    const plain = runSteps(createState(parseConfig(ONE_WEIGHT)), 0.125, 3).state;
    expect(plain.params[0]).toBe(2 - 3 * 0.6875 ** 3);
    expect(Math.abs(s3.params[0] - 2)).toBeLessThan(Math.abs(plain.params[0] - 2));
  });

  it("line-fit, α = 1/4, β = 1/2: v and (w, b) for 3 steps, in one runSteps call as in three", () => {
    const start = createState(parseConfig({ ...LINE_FIT, optimizer: momentum(0.5) }));
    const [, s1, s2, s3] = statesOf(start, 0.25, 3);
    // g0 = (−3, −1) → v1 = (−3, −1), θ1 = (−0.25, 0.25)
    expect([...s1.velocity, ...s1.params]).toEqual([-3, -1, -0.25, 0.25]);
    // g1 = (−2.25, −0.75) → v2 = (−3.75, −1.25), θ2 = (0.6875, 0.5625)
    expect([...s2.velocity, ...s2.params]).toEqual([-3.75, -1.25, 0.6875, 0.5625]);
    // g2 = (−1.3125, −0.4375) → v3 = (−3.1875, −1.0625), θ3 = (1.484375, 0.828125)
    expect([...s3.velocity, ...s3.params]).toEqual([-3.1875, -1.0625, 1.484375, 0.828125]);
    const once = runSteps(start, 0.25, 3);
    expect(once.losses).toEqual([s1.loss, s2.loss, s3.loss]);
    expect(checksum(once.state)).toBe(checksum(s3));
  });
});

describe("β = 0 is plain gradient descent", () => {
  const configs: EngineConfigInput[] = [
    { scenario: "line-fit", seed: 3 },
    { scenario: "classification", dataset: "moons", seed: 4, numPoints: 60 },
    { scenario: "curve-fit", seed: 5, batchSize: 9, hiddenLayers: [{ neurons: 5, activation: "relu" }] },
  ];

  it.each(configs.map((c) => [JSON.stringify(c), c] as const))("%s: params, losses, gradient and rng bit for bit", (_n, c) => {
    const gd = runSteps(createState(parseConfig(c)), 0.1, 40);
    const m0 = runSteps(createState(parseConfig({ ...c, optimizer: momentum(0) })), 0.1, 40);
    expectSameBits(m0.state.params, gd.state.params, "params");
    expectSameBits(m0.losses, gd.losses, "losses");
    expectSameBits(m0.state.gradient, gd.state.gradient, "gradient");
    expect(m0.state.rng).toEqual(gd.state.rng);
    // With β = 0 the velocity is the last step's gradient (the full one only in full batch).
    if (c.batchSize === undefined) expectSameBits(m0.state.velocity, statesOf(createState(parseConfig(c)), 0.1, 39).at(-1)?.gradient ?? [], "velocity");
  });

  it("its checksum is plain descent's bytes followed by the velocity bytes; gd's own checksum has no velocity bytes", () => {
    const c = configs[0];
    const gd = runSteps(createState(parseConfig(c)), 0.1, 10).state;
    const m0 = runSteps(createState(parseConfig({ ...c, optimizer: momentum(0) })), 0.1, 10).state;
    const bytesOf = (s: EngineState, withVelocity: boolean): Uint8Array => {
      const p = s.params.length;
      const view = new DataView(new ArrayBuffer(p * 8 + 24 + (withVelocity ? p * 8 : 0)));
      s.params.forEach((v, i) => view.setFloat64(i * 8, v, true));
      view.setFloat64(p * 8, s.step, true);
      s.rng.forEach((w, i) => view.setUint32(p * 8 + 8 + i * 4, w, true));
      if (withVelocity) s.velocity.forEach((v, i) => view.setFloat64(p * 8 + 24 + i * 8, v, true));
      return new Uint8Array(view.buffer);
    };
    expect(checksum(gd)).toBe(fnv1a64(bytesOf(gd, false)));
    expect(bytesOf(m0, false)).toEqual(bytesOf(gd, false));
    expect(checksum(m0)).toBe(fnv1a64(bytesOf(m0, true)));
    expect(checksum(m0)).not.toBe(checksum(gd));
    // A plain lesson's state has a velocity of zeros that nothing reads.
    expect(Array.from(gd.velocity).every((v) => v === 0)).toBe(true);
  });

  it("a what-if and scoring with β = 0 are plain descent's", () => {
    const gd = createState(parseConfig(configs[1]));
    const m0 = createState(parseConfig({ ...configs[1], optimizer: momentum(0) }));
    expect(lossCurve(m0, { k: 3, points: 15 })).toEqual(lossCurve(gd, { k: 3, points: 15 }));
    const guesses = [{ id: "a", alpha: 0.05 }, { id: "b", alpha: 3 }];
    expect(scoreGuesses(m0, guesses, { k: 2 })).toEqual(scoreGuesses(gd, guesses, { k: 2 }));
  });
});

describe("velocity in the state", () => {
  const config = parseConfig({ scenario: "classification", dataset: "circle", seed: 8, numPoints: 60, optimizer: momentum(0.9) });

  it("the state's gradient is still ∇J (finite differences), not the velocity", () => {
    const state = runSteps(createState(config), 0.2, 15).state;
    const { xs, xStride, ys, n } = trainingSet(state);
    const ws = createWorkspace(state.network, n);
    const p = state.params.slice();
    state.params.forEach((theta, i) => {
      const h = 1e-5 * Math.max(1, Math.abs(theta));
      p[i] = theta + h;
      const up = lossAt(state.network, p, xs, xStride, ys, n, ws);
      p[i] = theta - h;
      const down = lossAt(state.network, p, xs, xStride, ys, n, ws);
      p[i] = theta;
      const fd = (up - down) / (2 * h);
      expect(Math.abs(fd - state.gradient[i]) / Math.max(1e-5, Math.abs(fd) + Math.abs(state.gradient[i])), `param ${i}`).toBeLessThan(1e-6);
      expect(gradient(state).gradient[i]).toBe(state.gradient[i]);
    });
    expect(Array.from(state.velocity)).not.toEqual(Array.from(state.gradient));
  });

  it("serialise → JSON → deserialise → continue gives the same checksums as continuing directly", () => {
    const mid = runSteps(createState(config), 0.2, 12).state;
    const json = JSON.parse(JSON.stringify(serializeState(mid))) as unknown;
    expect((json as { velocity: number[] }).velocity).toEqual(Array.from(mid.velocity));
    const back = deserializeState(json);
    expect(checksum(back)).toBe(checksum(mid));
    expectSameBits(back.velocity, mid.velocity, "velocity");
    const a = statesOf(mid, 0.2, 8).map(checksum);
    const b = statesOf(back, 0.2, 8).map(checksum);
    expect(b).toEqual(a);
  });

  it("gradient-descent states serialise without velocity, and old states without it read as zeros", () => {
    const gd = runSteps(createState(parseConfig({ scenario: "line-fit" })), 0.1, 3).state;
    expect("velocity" in serializeState(gd)).toBe(false);
    const mid = runSteps(createState(config), 0.2, 3).state;
    const { velocity: _v, ...old } = serializeState(mid);
    expect(Array.from(deserializeState(old).velocity).every((v) => v === 0)).toBe(true);
  });

  it("refuses a velocity of the wrong length, or a non-zero one on a gradient-descent state", () => {
    const s = serializeState(runSteps(createState(config), 0.2, 3).state);
    expect(() => deserializeState({ ...s, velocity: [1, 2] })).toThrow(/velocity values/);
    const gd = serializeState(createState(parseConfig({ scenario: "line-fit" })));
    expect(() => deserializeState({ ...gd, velocity: [0.5, 0] })).toThrow(EngineConfigError);
    expect(() => deserializeState({ ...gd, velocity: [0, 0] })).not.toThrow();
  });

  it("reset clears the velocity", () => {
    const moved = runSteps(createState(config), 0.2, 10).state;
    expect(Array.from(moved.velocity).some((v) => v !== 0)).toBe(true);
    const reset = resetState(moved);
    expect(Array.from(reset.velocity).every((v) => v === 0)).toBe(true);
    expect(checksum(reset)).toBe(checksum(createState(config)));
  });

  it("a rejected (non-finite) step leaves params and velocity as they were", () => {
    const moved = runSteps(createState(parseConfig({ ...ONE_WEIGHT, optimizer: momentum(0.5) })), 0.125, 2).state;
    const r = trainStep(moved, 1e308);
    expect(r).toMatchObject({ applied: false, diverged: true, reason: "non-finite" });
    expect(r.state).toBe(moved);
    expect(Array.from(r.state.velocity)).toEqual([-8.90625]);
  });

  it("a mini-batch momentum run is deterministic, and differs from the full batch", () => {
    const mb = parseConfig({ ...config, batchSize: 7 });
    const a = statesOf(createState(mb), 0.2, 20).map(checksum);
    const b = statesOf(createState(mb), 0.2, 20).map(checksum);
    expect(b).toEqual(a);
    expect(checksum(runSteps(createState(mb), 0.2, 20).state)).toBe(a[20]);
    expect(a[20]).not.toBe(checksum(runSteps(createState(config), 0.2, 20).state));
  });
});

describe("β override", () => {
  const config = parseConfig({ ...LINE_FIT, optimizer: momentum(0.9) });

  it("steps with the given β without changing the configuration", () => {
    const overridden = runSteps(createState(config), 0.25, 3, { beta: 0.5 }).state;
    expect([...overridden.params]).toEqual([1.484375, 0.828125]); // the hand-computed β = ½ run above
    expect(overridden.config.optimizer).toEqual(momentum(0.9));
    expect(trainStep(createState(config), 0.25, { beta: 0.5 }).state.params[0]).toBe(-0.25);
  });

  it("what-ifs take it too", () => {
    const mid = runSteps(createState(config), 0.25, 2).state;
    const stepped = runSteps(mid, 0.25, 4, { beta: 0.3 });
    expect(lossAfterSteps(mid, 0.25, 4, { beta: 0.3 }).loss).toBe(stepped.losses.at(-1));
    expect(lossAfterSteps(mid, 0.25, 4).loss).toBe(runSteps(mid, 0.25, 4).losses.at(-1));
  });

  it("RangeError on a gradient-descent configuration or a β outside 0…0.999", () => {
    const gd = createState(parseConfig({ scenario: "line-fit" }));
    expect(() => runSteps(gd, 0.1, 1, { beta: 0.5 })).toThrow(/momentum configuration/);
    for (const beta of [-0.1, 1, 0.9991, NaN, Infinity]) expect(() => runSteps(createState(config), 0.1, 1, { beta })).toThrow(RangeError);
    expect(() => lossCurve(gd, { beta: 0.5 })).toThrow(RangeError);
  });

  it("the configuration schema refuses β outside 0…0.999 and unknown optimizers", () => {
    expect(() => parseConfig({ scenario: "line-fit", optimizer: momentum(1) })).toThrow(/optimizer\.beta/);
    expect(() => parseConfig({ scenario: "line-fit", optimizer: { kind: "adam" } })).toThrow(/optimizer/);
    expect(parseConfig({ scenario: "line-fit", optimizer: { kind: "gd" } }).optimizer).toEqual({ kind: "gd" });
  });
});

describe("what-ifs and α scoring honour momentum", () => {
  it("the α curve uses the state's velocity and β", () => {
    const config = parseConfig({ scenario: "curve-fit", seed: 2, optimizer: momentum(0.8) });
    const mid = runSteps(createState(config), 0.1, 10).state;
    const curve = lossCurve(mid, { k: 3, points: 9 });
    for (const p of curve.points) {
      const real = runSteps(mid, p.alpha, 3);
      if (!p.diverged) expect(p.loss).toBe(real.losses.at(-1));
    }
    // k = 1 with a non-zero velocity already differs from a plain step (β = 0: v = 0·v + g = g).
    expect(lossAfterSteps(mid, 0.1).loss).not.toBe(lossAfterSteps(mid, 0.1, 1, { beta: 0 }).loss);
  });
});

describe("scoreBetaGuesses", () => {
  const config = parseConfig({ scenario: "line-fit", seed: 6, noise: 0.05, optimizer: momentum(0.5) });
  const state = createState(config);
  const alpha = 0.05;

  it("finds the best β on a grid even in −ln(1 − β), refines it, and scores like α rounds", () => {
    const round = scoreBetaGuesses(
      state,
      [
        { id: "zero", beta: 0 },
        { id: "mid", beta: 0.9 },
        { id: "mid-twin", beta: 0.9 },
        { id: "high", beta: 0.999 },
      ],
      { alpha, k: 20 },
    );
    expect(round.k).toBe(20);
    expect(round.alpha).toBe(alpha);
    expect(round.lossBefore).toBe(state.loss);
    expect(round.curve).toHaveLength(BETA_CURVE_DEFAULTS.points);
    expect(round.curve[0].beta).toBe(0);
    expect(round.curve.at(-1)?.beta).toBe(0.999);
    // Evenly spaced in u = −ln(1 − β): the grid midpoint is 1 − √0.001.
    expect(round.curve[30].beta).toBeCloseTo(1 - Math.sqrt(0.001), 12);
    const best = round.searchBest;
    if (best === null) throw new Error("no best β");
    for (const p of round.curve) if (!p.diverged && p.loss !== null) expect(best.loss).toBeLessThanOrEqual(p.loss);
    // The best β is really that loss after 20 steps at α, and with a sharp α this small momentum helps.
    expect(runSteps(state, alpha, 20, { beta: best.beta }).losses.at(-1)).toBe(best.loss);
    expect(best.beta).toBeGreaterThan(0.5);
    const byId = Object.fromEntries(round.results.map((r) => [r.id, r]));
    expect(byId.mid.loss).toBe(runSteps(state, alpha, 20, { beta: 0.9 }).losses.at(-1));
    expect(byId.mid.rank).toBe(byId["mid-twin"].rank);
    expect(byId.mid.score).toBe(byId["mid-twin"].score);
    const sortedByLoss = [...round.results].sort((a, b) => (a.loss ?? Infinity) - (b.loss ?? Infinity));
    expect(sortedByLoss[0].rank).toBe(1);
    for (const r of round.results) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1000);
      if (r.loss !== null) expect(r.drop).toBe(round.lossBefore - r.loss);
    }
  });

  it("a diverging β scores 0 and ranks last", () => {
    // One-weight, curvature 2.5: at α = 1 plain descent (β = 0) swings out, the heavy ball with β ≥ ¼ is stable
    // (α < 2(1 + β)/2.5): momentum widens the range of usable α.
    const one = createState(parseConfig({ ...ONE_WEIGHT, optimizer: momentum(0.5) }));
    const round = scoreBetaGuesses(one, [{ id: "wild", beta: 0 }, { id: "calm", beta: 0.5 }], { alpha: 1, k: 50 });
    const [wild, calm] = round.results;
    expect(wild).toMatchObject({ id: "wild", diverged: true, score: 0, rank: 2 });
    expect(calm).toMatchObject({ id: "calm", diverged: false, rank: 1 });
    expect(calm.score).toBeGreaterThan(0);
  });

  it("from zero velocity with k = 1 every β gives the same loss", () => {
    const round = scoreBetaGuesses(state, [{ id: "a", beta: 0 }, { id: "b", beta: 0.99 }], { alpha, k: 1 });
    expect(new Set(round.curve.map((p) => p.loss)).size).toBe(1);
    expect(round.results[0].score).toBe(round.results[1].score);
  });

  it("refuses plain configurations, bad β (naming the guess), duplicate ids and a bad α", () => {
    const gd = createState(parseConfig({ scenario: "line-fit" }));
    expect(() => scoreBetaGuesses(gd, [], { alpha })).toThrow(/momentum configuration/);
    expect(() => scoreBetaGuesses(state, [{ id: "x", beta: 1 }], { alpha })).toThrow(/guess "x"/);
    expect(() => scoreBetaGuesses(state, [{ id: "x", beta: 0.1 }, { id: "x", beta: 0.2 }], { alpha })).toThrow(/duplicate/);
    expect(() => scoreBetaGuesses(state, [], { alpha: 0 })).toThrow(RangeError);
  });
});

describe("momentumPaths", () => {
  it("plain and momentum trails from the same start, equal to really stepping", () => {
    const start = createState(parseConfig({ ...LINE_FIT, optimizer: momentum(0.5) }));
    const paths = momentumPaths(start, 0.25, 3);
    expect(paths.beta).toBe(0.5);
    expect(paths.momentum.params).toEqual([[-1, 0], [-0.25, 0.25], [0.6875, 0.5625], [1.484375, 0.828125]]);
    expect(paths.momentum.losses[0]).toBe(start.loss);
    const plain = statesOf(createState(parseConfig(LINE_FIT)), 0.25, 3);
    expect(paths.plain.params).toEqual(plain.map((s) => Array.from(s.params)));
    expect(paths.plain.losses).toEqual(plain.map((s) => s.loss));
    expect(paths.plain.diverged || paths.momentum.diverged).toBe(false);
  });

  it("works on a plain lesson when β is given, stops at divergence, and refuses big models", () => {
    const plainLesson = createState(parseConfig(ONE_WEIGHT));
    const p = momentumPaths(plainLesson, 0.125, 3, 0.5);
    expect(p.momentum.params.map((w) => w[0])).toEqual([-1, -0.0625, 1.05078125, 1.904052734375]);
    expect(() => momentumPaths(plainLesson, 0.125, 3)).toThrow(/need a β/);
    // Curvature 2.5: plain descent is stable below α = 0.8, heavy ball with β = ½ below 2·1.5/2.5 = 1.2.
    const calm = momentumPaths(plainLesson, 1, 200, 0.5);
    expect([calm.plain.diverged, calm.momentum.diverged]).toEqual([true, false]);
    expect(calm.plain.params.length).toBeLessThan(201);
    expect(calm.plain.params.length).toBe(calm.plain.losses.length);
    expect(calm.momentum.params).toHaveLength(201);
    expect(momentumPaths(plainLesson, 1.3, 200, 0.5).momentum.diverged).toBe(true);
    expect(() => momentumPaths(createState(parseConfig({ scenario: "curve-fit" })), 0.1, 3, 0.5)).toThrow(/at most 2 parameters/);
  });
});
