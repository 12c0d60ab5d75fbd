/**
 * Scenario configurations: zod schemas (the single source of the types),
 * defaults for a first lesson, and parsing with readable errors.
 *
 * A configuration is plain JSON. Every field has a default, so
 * `parseConfig({ scenario: "classification" })` is a complete configuration.
 */
import { z } from "zod";
import { ActivationSchema } from "./activations";
import { EngineConfigError, type ConfigIssue } from "./errors";
import { LossSchema } from "./losses";
import { rowIssues, type PointScenario } from "./data-points";
import { CURRENT_MATH_VERSION, MathVersionSchema } from "./math-version";
import { nameSchema } from "./name-schema";

export const SCENARIO = Object.freeze({
  oneWeight: "one-weight",
  lineFit: "line-fit",
  classification: "classification",
  curveFit: "curve-fit",
} as const);

export const DATASET = Object.freeze({
  circle: "circle",
  xor: "xor",
  gaussian: "gaussian",
  spiral: "spiral",
  moons: "moons",
} as const);

export const CURVE_TARGET = Object.freeze({
  sine: "sine",
  parabola: "parabola",
  abs: "abs",
  step: "step",
} as const);

/** Bounds enforced by the schemas (exported so forms can use the same numbers). */
export const CONFIG_LIMITS = Object.freeze({
  minPoints: 10,
  maxPoints: 1000,
  maxNoise: 0.5,
  minTrainFraction: 0.1,
  maxHiddenLayers: 4,
  maxNeurons: 8,
  maxSeed: 0xffffffff,
  maxTrueParam: 10,
  maxInitialParam: 100,
  /** The class's own data (config.data.points): at least this many points… */
  minDataPoints: 4,
  /** …and at most this many (the same cap as generated data). */
  maxDataPoints: 1000,
  /** Momentum β: 0 is plain descent; 0.999 keeps 99.9 % of the velocity per step. */
  maxBeta: 0.999,
} as const);

const L = CONFIG_LIMITS;

function intIn(lo: number, hi: number) {
  const msg = `must be a whole number from ${lo} to ${hi}`;
  return z.number({ error: msg }).int({ error: msg }).min(lo, { error: msg }).max(hi, { error: msg });
}

function numIn(lo: number, hi: number) {
  const msg = `must be a number from ${lo} to ${hi}`;
  return z.number({ error: msg }).min(lo, { error: msg }).max(hi, { error: msg });
}

const DatasetSchema = nameSchema("dataset", DATASET);
export type DatasetName = z.infer<typeof DatasetSchema>;

const CurveTargetSchema = nameSchema("target function", CURVE_TARGET);
export type CurveTarget = z.infer<typeof CurveTargetSchema>;

export const HiddenLayerSchema = z.strictObject({
  neurons: intIn(1, L.maxNeurons),
  activation: ActivationSchema,
});
export type HiddenLayer = z.infer<typeof HiddenLayerSchema>;

const hiddenLayers = (dflt: HiddenLayer[]) =>
  z
    .array(HiddenLayerSchema, { error: "must be a list of { neurons, activation }" })
    .max(L.maxHiddenLayers, { error: `at most ${L.maxHiddenLayers} hidden layers are allowed` })
    // A factory, so parsed configurations never share (or freeze) the default objects.
    .default(() => dflt.map((layer) => ({ ...layer })));

export const OPTIMIZER = Object.freeze({ gd: "gd", momentum: "momentum" } as const);

/**
 * How a step uses the gradient. "gd": θ ← θ − α∇J. "momentum" (heavy ball): v ← βv + ∇J, θ ← θ − αv, with the
 * velocity v part of the engine state (zero at the start and after a reset).
 */
export const OptimizerSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal(OPTIMIZER.gd) }),
    z.strictObject({ kind: z.literal(OPTIMIZER.momentum), beta: numIn(0, L.maxBeta) }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? `must be { kind: "gd" } or { kind: "momentum", beta }` : undefined) },
);
export type Optimizer = z.infer<typeof OptimizerSchema>;

/**
 * The class's own points instead of generated ones: [x, y] rows for one-weight, line-fit and curve-fit, [x1, x2, label]
 * rows (label 0 or 1) for classification. Stored in session.created like every field.
 *
 * `dataPointsFor(scenario)` is what each scenario schema uses: it checks every row's shape itself (data-points.ts), so
 * an issue's path is the row (`data.points[12]`) and its message names it 1-based as the instructor counts ("row 13:
 * needs 3 values (x1, x2, label), got 2"). DataPointsSchema accepts any scenario's rows (2 or 3 finite numbers), for
 * callers that do not know the scenario.
 */
function pointsSchema(check: (rows: readonly unknown[]) => { index: number | null; message: string }[]) {
  return z.strictObject({
    points: z
      // Rows are typed here and checked as a whole below, so one row's problem is one readable issue.
      .array(z.custom<number[]>(), { error: "must be a list of rows" })
      .min(L.minDataPoints, { error: `needs at least ${L.minDataPoints} points` })
      .max(L.maxDataPoints, { error: `allows at most ${L.maxDataPoints} points` })
      .superRefine((rows, ctx) => {
        for (const issue of check(rows))
          ctx.addIssue({ code: "custom", message: issue.message, path: issue.index === null ? [] : [issue.index], params: { complete: true } });
      }),
  });
}

export function dataPointsFor(scenario: PointScenario) {
  return pointsSchema((rows) => rowIssues(scenario, rows));
}

export const DataPointsSchema = pointsSchema((rows) => rowIssues(null, rows));
export type DataPoints = z.infer<typeof DataPointsSchema>;

/** Fields every scenario has; defaults differ per scenario. */
function common(d: { scenario: PointScenario; name: string; numPoints: number; noise: number; trainFraction: number }) {
  return {
    /** Display name shown to the class, e.g. "Circle, 4-2 tanh". */
    name: z
      .string({ error: "must be a text" })
      .trim()
      .min(1, { error: "must not be empty" })
      .max(80, { error: "must be at most 80 characters" })
      .default(d.name),
    /** Seed of every random choice (data, noise, initial weights, mini-batches). */
    seed: intIn(0, L.maxSeed).default(1),
    /** Number of generated points (train + test). */
    numPoints: intIn(L.minPoints, L.maxPoints).default(d.numPoints),
    /** Noise level 0…0.5 (meaning per dataset: jitter or target noise, see datasets.ts). */
    noise: numIn(0, L.maxNoise).default(d.noise),
    /** Fraction of points used for training; the rest is the test split. */
    trainFraction: numIn(L.minTrainFraction, 1).default(d.trainFraction),
    /** Mini-batch size; null = full batch. Sizes ≥ the training set mean full batch too. */
    batchSize: intIn(1, L.maxPoints).nullable().default(null),
    /**
     * Elementary functions the engine computes with (math-version.ts). Absent = legacy Math.* (logs recorded before
     * deterministic math); no default, so a stored config keeps its meaning. parseConfig stamps the current version.
     */
    mathVersion: MathVersionSchema.optional(),
    /** How a step uses the gradient; absent = plain gradient descent (every log recorded before momentum existed). */
    optimizer: OptimizerSchema.optional(),
    /**
     * The class's own points; absent = generated from the seed. When present, numPoints (and noise and the scenario's
     * generator fields) are ignored — not rejected, so a form may keep its values — and trainFraction splits them.
     */
    data: dataPointsFor(d.scenario).optional(),
  };
}

export const OneWeightConfigSchema = z.strictObject({
  scenario: z.literal(SCENARIO.oneWeight),
  ...common({ scenario: SCENARIO.oneWeight, name: "One weight: ŷ = w·x", numPoints: 20, noise: 0.1, trainFraction: 1 }),
  /** Slope of the line the data are drawn from. */
  trueSlope: numIn(-L.maxTrueParam, L.maxTrueParam).default(2),
  /** Starting w; null = drawn from the seed. */
  initialWeight: numIn(-L.maxInitialParam, L.maxInitialParam).nullable().default(-1),
});

export const LineFitConfigSchema = z.strictObject({
  scenario: z.literal(SCENARIO.lineFit),
  ...common({ scenario: SCENARIO.lineFit, name: "Line fit: ŷ = w·x + b", numPoints: 30, noise: 0.1, trainFraction: 1 }),
  trueSlope: numIn(-L.maxTrueParam, L.maxTrueParam).default(1.5),
  trueIntercept: numIn(-L.maxTrueParam, L.maxTrueParam).default(-1),
  initialWeight: numIn(-L.maxInitialParam, L.maxInitialParam).nullable().default(-1),
  initialBias: numIn(-L.maxInitialParam, L.maxInitialParam).nullable().default(1),
});

export const ClassificationConfigSchema = z.strictObject({
  scenario: z.literal(SCENARIO.classification),
  ...common({ scenario: SCENARIO.classification, name: "Classify points in the plane", numPoints: 200, noise: 0.1, trainFraction: 0.5 }),
  dataset: DatasetSchema.default(DATASET.circle),
  hiddenLayers: hiddenLayers([
    { neurons: 4, activation: "tanh" },
    { neurons: 2, activation: "tanh" },
  ]),
  /** Output is always a sigmoid; "bce" (default) or "mse" on its probability. */
  loss: LossSchema.default("bce"),
});

export const CurveFitConfigSchema = z.strictObject({
  scenario: z.literal(SCENARIO.curveFit),
  ...common({ scenario: SCENARIO.curveFit, name: "Fit a curve", numPoints: 100, noise: 0.05, trainFraction: 0.8 }),
  target: CurveTargetSchema.default(CURVE_TARGET.sine),
  hiddenLayers: hiddenLayers([{ neurons: 8, activation: "tanh" }]),
});

export const EngineConfigSchema = z.discriminatedUnion(
  "scenario",
  [OneWeightConfigSchema, LineFitConfigSchema, ClassificationConfigSchema, CurveFitConfigSchema],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `unknown or missing scenario; expected one of ${Object.values(SCENARIO).join(", ")}`
        : undefined,
  },
);

/** A complete, validated configuration (what the engine stores). */
export type EngineConfig = z.output<typeof EngineConfigSchema>;
/** What callers may pass in: any field with a default may be left out. */
export type EngineConfigInput = z.input<typeof EngineConfigSchema>;
export type ScenarioName = EngineConfig["scenario"];
/** data-points.ts keys its tables by scenario without importing this file; this fails to compile if the sets differ. */
export type ScenarioTablesMatch = AssertTrue<[ScenarioName] extends [PointScenario] ? ([PointScenario] extends [ScenarioName] ? true : false) : false>;
type AssertTrue<T extends true> = T;
export type ConfigOf<S extends ScenarioName> = Extract<EngineConfig, { scenario: S }>;
export type OneWeightConfig = ConfigOf<"one-weight">;
export type LineFitConfig = ConfigOf<"line-fit">;
export type ClassificationConfig = ConfigOf<"classification">;
export type CurveFitConfig = ConfigOf<"curve-fit">;

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== "object" || !(key in cur)) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

function show(value: unknown): string {
  if (typeof value === "number") return String(value); // JSON would print NaN/Infinity as null
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

/** Turn zod issues into human lines, appending the offending value when there is one. */
export function issuesFromZod(error: z.ZodError, input: unknown): ConfigIssue[] {
  return error.issues.map((issue) => {
    const { found, value } = valueAt(input, issue.path);
    // Enum messages already quote the value, row checks say what they got; objects are too long to repeat.
    const complete = issue.code === "custom" && issue.params?.complete === true;
    const got = !found || issue.code === "invalid_value" || complete ? null
      : Array.isArray(value) ? `a list of ${value.length}`
      : typeof value === "object" && value !== null ? null
      : show(value);
    return {
      path: formatPath(issue.path),
      keys: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
      message: got === null ? issue.message : `${issue.message} (got ${got})`,
    };
  });
}

/**
 * Validate any input (e.g. JSON from a client) for a NEW lesson and fill in defaults, including the current math
 * version. Throws `EngineConfigError` listing every problem. The result is a fresh object.
 */
export function parseConfig(input: unknown): EngineConfig {
  const config = readConfig(input);
  // A new lesson: computed with the current math unless the input names a version itself.
  return config.mathVersion === undefined ? { ...config, mathVersion: CURRENT_MATH_VERSION } : config;
}

/**
 * Validate a stored configuration (a log's, a serialised state's) as it is: without a math version it stays a
 * legacy one, so it replays with the functions its checksums were recorded with. Throws like parseConfig.
 */
export function readConfig(input: unknown): EngineConfig {
  const result = EngineConfigSchema.safeParse(input);
  if (!result.success) throw new EngineConfigError(issuesFromZod(result.error, input));
  return result.data;
}

/** A good first-lesson configuration for a scenario (seed 1, all defaults). */
export function defaultConfig<S extends ScenarioName>(scenario: S): ConfigOf<S> {
  return parseConfig({ scenario }) as ConfigOf<S>;
}
