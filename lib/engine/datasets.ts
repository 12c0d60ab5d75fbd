/**
 * Seeded data generation for every scenario.
 *
 * Meaning of `noise` (0…0.5):
 * - classification shapes (circle, xor, spiral, moons): each coordinate is
 *   jittered by a uniform amount in ±noise·RADIUS/2 (labels come from the
 *   clean point, so high noise makes the classes overlap);
 * - gaussian: the clusters' standard deviation is 0.5 + 3·noise;
 * - regression (one-weight, line-fit, curve-fit): Gaussian noise with
 *   standard deviation noise·(typical size of the target) is added to y.
 * The random draws do not depend on the noise level, so moving the noise
 * slider changes only how far points move, not where they start.
 */
import type { CurveTarget, DatasetName, EngineConfig } from "./config";
import { INPUT_BOUND, scaledPoints, spanDomain } from "./data-points";
import { DETERMINISTIC_MATH, mathFor, type MathFunctions } from "./engine-math";
import { mathVersionOf } from "./math-version";
import { Rng, RNG_STREAM } from "./prng";

/** Half-width of the 2-D input square; shapes fit in radius RADIUS. */
const RADIUS = 5;
const CLASSIFICATION_DOMAIN = INPUT_BOUND.classification;
const LINE_DOMAIN = INPUT_BOUND["line-fit"];
const CURVE_DOMAIN = INPUT_BOUND["curve-fit"];

export type Interval = readonly [number, number];

export interface Dataset {
  /** "classification" targets are 0/1 labels; "regression" targets are real. */
  readonly kind: "classification" | "regression";
  readonly inputDim: number;
  /**
   * Inputs, input-major: input d of sample s is x[d * (nTrain + nTest) + s].
   * Samples 0…nTrain-1 are the training set, the rest the test set.
   */
  readonly x: Float64Array;
  /** Targets: y[s]. */
  readonly y: Float64Array;
  /** Samples 0…nTrain-1 are the training set. */
  readonly nTrain: number;
  /** Samples nTrain…nTrain+nTest-1 are the test set. */
  readonly nTest: number;
  /** Drawing range of each input (heatmaps and curves span it). */
  readonly domain: readonly Interval[];
}

function curveFunctions(math: MathFunctions): Readonly<Record<CurveTarget, (x: number) => number>> {
  return Object.freeze<Record<CurveTarget, (x: number) => number>>({
    sine: (x) => math.sin(x),
    parabola: (x) => (x * x) / 4.5 - 1,
    abs: (x) => (2 * Math.abs(x)) / 3 - 1,
    step: (x) => (x >= 0 ? 1 : -1),
  });
}

/** Target functions for curve-fit, roughly in [-1, 1] over x ∈ [-3, 3] (deterministic math). */
export const CURVE_FUNCTIONS = curveFunctions(DETERMINISTIC_MATH);

interface RawPoints {
  xs: number[];
  ys: number[];
}

function classify(name: DatasetName, n: number, noise: number, rng: Rng, math: MathFunctions): RawPoints {
  const xs: number[] = [];
  const ys: number[] = [];
  const jitter = () => rng.uniform(-1, 1) * noise * (RADIUS / 2);
  // Clamped so every point is inside the drawn square (noise and Gaussian tails could leave it).
  const clamp = (v: number) => Math.min(CLASSIFICATION_DOMAIN, Math.max(-CLASSIFICATION_DOMAIN, v));
  const push = (x1: number, x2: number, label: number) => {
    xs.push(clamp(x1), clamp(x2));
    ys.push(label);
  };
  for (let i = 0; i < n; i++) {
    const label = i % 2 === 0 ? 1 : 0; // alternate so both classes have n/2 points
    switch (name) {
      case "circle": {
        // Class 1 inside radius R/2, class 0 in the ring 0.7R…R.
        const r = label === 1 ? rng.uniform(0, RADIUS * 0.5) : rng.uniform(RADIUS * 0.7, RADIUS);
        const t = rng.uniform(0, 2 * Math.PI);
        push(r * math.cos(t) + jitter(), r * math.sin(t) + jitter(), label);
        break;
      }
      case "xor": {
        // Keep a small gap around the axes so the quadrant of a clean point is clear.
        let a = rng.uniform(-RADIUS, RADIUS);
        let b = rng.uniform(-RADIUS, RADIUS);
        a += a > 0 ? 0.3 : -0.3;
        b += b > 0 ? 0.3 : -0.3;
        push(a + jitter(), b + jitter(), a * b >= 0 ? 1 : 0);
        break;
      }
      case "gaussian": {
        const c = label === 1 ? 2 : -2;
        const sd = 0.5 + 3 * noise;
        push(c + sd * rng.gaussian(math), c + sd * rng.gaussian(math), label);
        break;
      }
      case "spiral": {
        // Two interleaved arms; the class picks the arm (phase 0 or π).
        const f = Math.floor(i / 2) / Math.max(1, Math.ceil(n / 2));
        const r = f * RADIUS;
        const t = 1.75 * f * 2 * Math.PI + (label === 1 ? 0 : Math.PI);
        push(r * math.sin(t) + jitter(), r * math.cos(t) + jitter(), label);
        break;
      }
      case "moons": {
        // Two interlocking half circles, centred and scaled to the input square.
        const t = rng.uniform(0, Math.PI);
        const [u, v] = label === 1 ? [math.cos(t), math.sin(t)] : [1 - math.cos(t), 0.5 - math.sin(t)];
        push((u - 0.5) * 3 + jitter(), (v - 0.25) * 3 + jitter(), label);
        break;
      }
    }
  }
  return { xs, ys };
}

function regress(
  n: number,
  domain: number,
  f: (x: number) => number,
  noiseSd: number,
  rng: Rng,
  math: MathFunctions,
): RawPoints {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.uniform(-domain, domain);
    xs.push(x);
    ys.push(f(x) + noiseSd * rng.gaussian(math));
  }
  return { xs, ys };
}

/** Number of points of a configuration: the class's own (config.data), else numPoints generated. */
export function pointCount(config: EngineConfig): number {
  return config.data ? config.data.points.length : config.numPoints;
}

/** Number of training samples for a configuration (at least 1). */
export function trainCount(config: EngineConfig): number {
  const n = pointCount(config);
  return Math.min(n, Math.max(1, Math.round(n * config.trainFraction)));
}

/** Points, input count and drawing domain before the shuffle. */
function rawPoints(config: EngineConfig, rng: Rng): { raw: RawPoints; inputDim: number; domain: Interval[] } {
  if (config.data) {
    // The class's own points, scaled to fit the scenario (data-points.ts); the picture spans them.
    const { xs, ys, inputDim } = scaledPoints(config.scenario, config.data.points);
    return { raw: { xs, ys }, inputDim, domain: spanDomain(xs, inputDim) };
  }
  const math = mathFor(mathVersionOf(config));
  const n = config.numPoints;
  let raw: RawPoints;
  let inputDim = 1;
  let domain: Interval[];
  switch (config.scenario) {
    case "one-weight": {
      const slope = config.trueSlope;
      raw = regress(n, LINE_DOMAIN, (x) => slope * x, config.noise * Math.max(1, Math.abs(slope) * LINE_DOMAIN), rng, math);
      domain = [[-LINE_DOMAIN, LINE_DOMAIN]];
      break;
    }
    case "line-fit": {
      const { trueSlope: w, trueIntercept: b } = config;
      const scale = Math.max(1, Math.abs(w) * LINE_DOMAIN + Math.abs(b));
      raw = regress(n, LINE_DOMAIN, (x) => w * x + b, config.noise * scale, rng, math);
      domain = [[-LINE_DOMAIN, LINE_DOMAIN]];
      break;
    }
    case "curve-fit":
      raw = regress(n, CURVE_DOMAIN, curveFunctions(math)[config.target], config.noise, rng, math);
      domain = [[-CURVE_DOMAIN, CURVE_DOMAIN]];
      break;
    case "classification":
      raw = classify(config.dataset, n, config.noise, rng, math);
      inputDim = 2;
      domain = [
        [-CLASSIFICATION_DOMAIN, CLASSIFICATION_DOMAIN],
        [-CLASSIFICATION_DOMAIN, CLASSIFICATION_DOMAIN],
      ];
      break;
  }
  return { raw, inputDim, domain };
}

/**
 * The dataset of a configuration: generated from its seed, or the class's own points (config.data; numPoints is
 * then ignored), shuffled with the seed and split by trainFraction (at least 1 training point). Depends only on the
 * configuration (its own seed stream), so loading a saved state or replaying a log rebuilds the same data.
 */
export function generateDataset(config: EngineConfig): Dataset {
  const rng = Rng.fromSeed(config.seed, RNG_STREAM.data);
  const { raw, inputDim, domain } = rawPoints(config, rng);
  const n = pointCount(config);

  // Shuffle (Fisher–Yates) so the train/test split is random but seeded.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const x = new Float64Array(n * inputDim);
  const y = new Float64Array(n);
  order.forEach((src, dst) => {
    for (let d = 0; d < inputDim; d++) x[d * n + dst] = raw.xs[src * inputDim + d];
    y[dst] = raw.ys[src];
  });
  const nTrain = trainCount(config);
  return {
    kind: config.scenario === "classification" ? "classification" : "regression",
    inputDim,
    x,
    y,
    nTrain,
    nTest: n - nTrain,
    domain,
  };
}
