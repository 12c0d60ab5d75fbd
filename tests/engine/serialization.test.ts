/** Determinism, JSON round trips, checksums and resets — all compared bit for bit. */
import { describe, expect, it } from "vitest";
import {
  EngineConfigError,
  SerializedStateSchema,
  checksum,
  createState,
  deserializeState,
  fnv1a64,
  resetState,
  runSteps,
  serializeState,
  trainStep,
  type EngineConfigInput,
  type EngineState,
} from "@/lib/engine";

/** Every number of two states identical (Object.is, so -0 and NaN would be caught). */
function expectSameState(a: EngineState, b: EngineState): void {
  expect(a.params.length).toBe(b.params.length);
  a.params.forEach((p, i) => expect(Object.is(p, b.params[i]), `param ${i}`).toBe(true));
  a.gradient.forEach((g, i) => expect(Object.is(g, b.gradient[i]), `gradient ${i}`).toBe(true));
  a.data.x.forEach((v, i) => expect(Object.is(v, b.data.x[i])).toBe(true));
  a.data.y.forEach((v, i) => expect(Object.is(v, b.data.y[i])).toBe(true));
  expect(Object.is(a.loss, b.loss)).toBe(true);
  expect(a.step).toBe(b.step);
  expect(a.rng).toEqual(b.rng);
  expect(a.config).toEqual(b.config);
  expect(checksum(a)).toBe(checksum(b));
}

const CONFIGS: EngineConfigInput[] = [
  { scenario: "one-weight", initialWeight: null },
  { scenario: "line-fit", seed: 9 },
  { scenario: "classification", dataset: "spiral", seed: 77, batchSize: 20, hiddenLayers: [{ neurons: 5, activation: "relu" }, { neurons: 3, activation: "sigmoid" }] },
  { scenario: "curve-fit", target: "abs", seed: 123456789 },
];

describe("determinism", () => {
  it.each(CONFIGS.map((c) => [c.scenario, c] as const))("%s: same config and calls give the same numbers", (_s, config) => {
    const a = createState(config);
    const b = createState(JSON.parse(JSON.stringify(config)));
    expectSameState(a, b);
    const ra = runSteps(trainStep(a, 0.05).state, 0.2, 15);
    const rb = runSteps(trainStep(b, 0.05).state, 0.2, 15);
    expectSameState(ra.state, rb.state);
    ra.losses.forEach((l, i) => expect(Object.is(l, rb.losses[i])).toBe(true));
  });

  it("the checksum sees a one-ulp change of one weight, the step count and the generator", () => {
    const state = createState({ scenario: "classification" });
    const json = serializeState(state);
    const nudged = json.params.slice();
    nudged[4] = nudged[4] + Math.abs(nudged[4]) * Number.EPSILON;
    expect(nudged[4]).not.toBe(json.params[4]);
    const sum = checksum(state);
    expect(checksum(deserializeState({ ...json, params: nudged }))).not.toBe(sum);
    expect(checksum(deserializeState({ ...json, step: 1 }))).not.toBe(sum);
    expect(checksum(deserializeState({ ...json, rng: [json.rng[0], json.rng[1], json.rng[2], (json.rng[3] + 1) >>> 0] }))).not.toBe(sum);
    expect(sum).toMatch(/^[0-9a-f]{16}$/);
  });

  it("FNV-1a 64 matches the published test vectors", () => {
    const enc = new TextEncoder();
    expect(fnv1a64(enc.encode(""))).toBe("cbf29ce484222325");
    expect(fnv1a64(enc.encode("a"))).toBe("af63dc4c8601ec8c");
    expect(fnv1a64(enc.encode("foobar"))).toBe("85944171f73967e8");
  });
});

describe("JSON round trip", () => {
  it.each(CONFIGS.map((c) => [c.scenario, c] as const))("%s: exact after training, and training continues identically", (_s, config) => {
    const trained = runSteps(createState(config), 0.1, 25).state;
    const text = JSON.stringify(serializeState(trained));
    const plain: unknown = JSON.parse(text);
    expect(SerializedStateSchema.safeParse(plain).success).toBe(true);
    const loaded = deserializeState(plain);
    expectSameState(loaded, trained);
    expectSameState(runSteps(loaded, 0.3, 10).state, runSteps(trained, 0.3, 10).state);
    // And again: serialising the loaded state gives the same text.
    expect(JSON.stringify(serializeState(loaded))).toBe(text);
  });

  it("the serialised form is plain data: arrays of numbers, no typed arrays", () => {
    const json = serializeState(createState({ scenario: "curve-fit" }));
    expect(Array.isArray(json.params)).toBe(true);
    expect(Object.keys(json).sort()).toEqual(["config", "params", "rng", "step", "version"]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("rejects broken input with a clear error", () => {
    const json = serializeState(createState({ scenario: "classification" }));
    expect(() => deserializeState({ ...json, params: json.params.slice(1) })).toThrow(/expected 25 parameters for this network \(got 24\)/);
    expect(() => deserializeState(JSON.parse(JSON.stringify({ ...json, params: [Number.NaN, ...json.params.slice(1)] })))).toThrow(
      EngineConfigError,
    );
    expect(() => deserializeState({ ...json, version: 2 })).toThrow(/Invalid serialised engine state/);
    expect(() => deserializeState({ ...json, config: { ...json.config, numPoints: 0 } })).toThrow(/config.numPoints/);
    expect(() => deserializeState({ ...json, rng: [1, 2, 3] })).toThrow(EngineConfigError);
    expect(() => deserializeState({ ...json, step: -1 })).toThrow(EngineConfigError);
  });
});

describe("reset", () => {
  it("with the same seed gives the initial state back; a new seed gives new data and weights", () => {
    const start = createState({ scenario: "classification", seed: 31 });
    const trained = runSteps(start, 0.3, 20).state;
    expectSameState(resetState(trained), start);
    const other = resetState(trained, 32);
    expect(other.config.seed).toBe(32);
    expect(other.step).toBe(0);
    expectSameState(other, createState({ scenario: "classification", seed: 32 }));
    expect(checksum(other)).not.toBe(checksum(start));
    expect(() => resetState(trained, -5)).toThrow(EngineConfigError);
  });
});
