import { describe, expect, it } from "vitest";
import {
  CONFIG_LIMITS,
  EngineConfigError,
  EngineConfigSchema,
  SCENARIO,
  createState,
  defaultConfig,
  parseConfig,
  type EngineConfig,
} from "@/lib/engine";

function errorOf(input: unknown): EngineConfigError {
  try {
    parseConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(EngineConfigError);
    return e as EngineConfigError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe("defaults", () => {
  it.each(Object.values(SCENARIO))("defaultConfig(%s) is complete, valid and builds a state", (scenario) => {
    const config = defaultConfig(scenario);
    expect(config.scenario).toBe(scenario);
    expect(parseConfig(config)).toEqual(config); // already complete: parsing changes nothing
    expect(EngineConfigSchema.safeParse(config).success).toBe(true);
    const state = createState(config);
    expect(state.step).toBe(0);
    expect(state.params.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(state.loss)).toBe(true);
  });

  it("fills missing fields with the scenario's defaults", () => {
    const config = parseConfig({ scenario: "classification", dataset: "xor" });
    expect(config).toMatchObject({ dataset: "xor", loss: "bce", batchSize: null, seed: 1 });
    if (config.scenario !== "classification") throw new Error("narrowing");
    expect(config.hiddenLayers).toEqual([
      { neurons: 4, activation: "tanh" },
      { neurons: 2, activation: "tanh" },
    ]);
  });

  it("returns a fresh object each time", () => {
    const a = defaultConfig("curve-fit");
    (a as { numPoints: number }).numPoints = 999;
    expect(defaultConfig("curve-fit").numPoints).not.toBe(999);
  });

  it("accepts 0 to 4 hidden layers of 1 to 8 neurons with every activation", () => {
    for (const activation of ["tanh", "relu", "sigmoid", "linear"] as const)
      for (let depth = 0; depth <= CONFIG_LIMITS.maxHiddenLayers; depth++) {
        const hiddenLayers = Array.from({ length: depth }, (_, i) => ({ neurons: i % 2 === 0 ? 1 : 8, activation }));
        const config: EngineConfig = parseConfig({ scenario: "classification", hiddenLayers });
        expect(createState(config).network.layers).toHaveLength(depth + 2);
      }
  });
});

describe("invalid configurations are rejected with a clear message", () => {
  it("0 points", () => {
    const e = errorOf({ scenario: "classification", numPoints: 0 });
    expect(e.issues).toEqual([{ path: "numPoints", keys: ["numPoints"], message: "must be a whole number from 10 to 1000 (got 0)" }]);
    expect(e.message).toContain("numPoints: must be a whole number from 10 to 1000 (got 0)");
  });

  it("9 neurons", () => {
    const e = errorOf({ scenario: "curve-fit", hiddenLayers: [{ neurons: 9, activation: "tanh" }] });
    expect(e.issues[0].path).toBe("hiddenLayers[0].neurons");
    expect(e.issues[0].keys).toEqual(["hiddenLayers", 0, "neurons"]);
    expect(e.message).toMatch(/from 1 to 8 \(got 9\)/);
  });

  it("5 hidden layers", () => {
    const layer = { neurons: 2, activation: "relu" };
    const e = errorOf({ scenario: "classification", hiddenLayers: [layer, layer, layer, layer, layer] });
    expect(e.issues[0]).toEqual({ path: "hiddenLayers", keys: ["hiddenLayers"], message: "at most 4 hidden layers are allowed (got a list of 5)" });
  });

  it("unknown activation", () => {
    const e = errorOf({ scenario: "classification", hiddenLayers: [{ neurons: 3, activation: "swish" }] });
    expect(e.issues[0].path).toBe("hiddenLayers[0].activation");
    expect(e.message).toContain('unknown activation "swish"; expected one of tanh, relu, sigmoid, linear');
  });

  it("unknown dataset, loss and target", () => {
    expect(errorOf({ scenario: "classification", dataset: "donut" }).message).toContain('unknown dataset "donut"');
    expect(errorOf({ scenario: "classification", loss: "hinge" }).message).toContain('unknown loss "hinge"');
    expect(errorOf({ scenario: "curve-fit", target: "tan" }).message).toContain('unknown target function "tan"');
  });

  it("unknown or missing scenario", () => {
    expect(errorOf({ scenario: "spiral" }).message).toMatch(/scenario: unknown or missing scenario.*\(got "spiral"\)/);
    expect(errorOf({}).issues[0].path).toBe("scenario");
    expect(errorOf(null).issues).toHaveLength(1);
  });

  it("lists every problem at once, including unknown keys and non-finite numbers", () => {
    const e = errorOf({
      scenario: "classification",
      numPoints: 5,
      noise: Number.NaN,
      trainFraction: 0,
      seed: -1,
      batchSize: 2.5,
      hiddenLayer: [],
    });
    expect(e.issues.map((i) => i.path).sort()).toEqual(["", "batchSize", "noise", "numPoints", "seed", "trainFraction"]);
    expect(e.message).toMatch(/^Invalid engine configuration \(6 problems\):/);
    expect(e.message).toContain('Unrecognized key: "hiddenLayer"');
    expect(e.message).toContain("noise: must be a number from 0 to 0.5 (got NaN)");
  });

  it("rejects too much noise and a fractional neuron count", () => {
    expect(errorOf({ scenario: "one-weight", noise: 0.6 }).issues[0].path).toBe("noise");
    expect(errorOf({ scenario: "curve-fit", hiddenLayers: [{ neurons: 2.5, activation: "tanh" }] }).issues[0].path).toBe(
      "hiddenLayers[0].neurons",
    );
  });

  it("createState rejects the same inputs", () => {
    expect(() => createState({ scenario: "classification", numPoints: 0 })).toThrow(EngineConfigError);
  });
});

describe("parsed configurations do not share objects", () => {
  it("default hidden layers are fresh per parse", () => {
    const a = parseConfig({ scenario: "classification" });
    const b = parseConfig({ scenario: "classification" });
    if (a.scenario !== "classification" || b.scenario !== "classification") throw new Error("narrowing");
    expect(a.hiddenLayers[0]).not.toBe(b.hiddenLayers[0]);
    const state = createState(a); // validates into its own, frozen copy
    expect(Object.isFrozen(state.config)).toBe(true);
    expect(state.config).toEqual(a);
    expect(Object.isFrozen(a)).toBe(false);
    const c = defaultConfig("classification");
    expect(Object.isFrozen(c.hiddenLayers[0])).toBe(false);
  });
});
