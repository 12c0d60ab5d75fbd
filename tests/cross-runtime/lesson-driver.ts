/**
 * The lessons every runtime trains, and the driver that trains them. It imports only lib/engine, so the same code
 * runs in Node (imported), and bundled by esbuild into an IIFE for QuickJS and Chromium (engine-checksums.test.ts).
 * Output is plain strings (checksums, float bits as hex), compared exactly between runtimes.
 */
import {
  betaLossCurve,
  checksum,
  createState,
  isMomentum,
  lossCurve,
  momentumPaths,
  outputGrid,
  parseConfig,
  resetState,
  runSteps,
  type EngineConfigInput,
} from "@/lib/engine";

export interface LessonSpec {
  readonly name: string;
  readonly config: EngineConfigInput;
  readonly alpha: number;
  /** Gradient-descent steps, recorded every `every` steps. */
  readonly steps: number;
  readonly every: number;
}

export interface LessonTrace {
  readonly name: string;
  /** checksum after creation, then after every `every` steps, then after a reset with a new seed. */
  readonly checksums: string[];
  /** Training loss bits at the same points. */
  readonly losses: string[];
  /** What-if: best α and its loss (α grid uses ln/exp), and a few heatmap / curve outputs, as bits. */
  readonly extras: string[];
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
function bits(x: number): string {
  f64[0] = x;
  return (u32[1] >>> 0).toString(16).padStart(8, "0") + (u32[0] >>> 0).toString(16).padStart(8, "0");
}

const noisy = { noise: 0.3 } as const;
const momentum = (beta: number) => ({ kind: "momentum", beta }) as const;
/** Integer arithmetic only, so the points are the same numbers in every runtime before the engine scales them. */
const OWN_PLANE = Array.from({ length: 60 }, (_, i) => {
  const a = ((i * 37) % 101) * 10 - 500;
  const b = ((i * 53) % 97) * 10 - 480;
  return [a + 0.25, b - 0.5, a * a + b * b < 90_000 ? 1 : 0];
});
const OWN_CURVE = Array.from({ length: 48 }, (_, i) => [i * 6.25 - 150, ((i * i) % 23) * 4.5 + i]);
const tanh = (neurons: number) => ({ neurons, activation: "tanh" }) as const;

/** Every lesson trains 200 steps, recorded every 10. */
const lesson = (name: string, config: EngineConfigInput, alpha: number): LessonSpec => ({ name, config, alpha, steps: 200, every: 10 });

/** Every scenario and dataset, noise on, every activation, both losses, full and mini-batch. */
export const LESSONS: readonly LessonSpec[] = [
  lesson("one-weight", { scenario: "one-weight", ...noisy, seed: 11 }, 0.1),
  lesson("line-fit mini-batch", { scenario: "line-fit", ...noisy, seed: 12, batchSize: 8 }, 0.1),
  lesson("circle tanh 4-2 bce", { scenario: "classification", dataset: "circle", ...noisy, seed: 13, numPoints: 80 }, 0.3),
  lesson(
    "xor relu 6 bce mini-batch",
    { scenario: "classification", dataset: "xor", ...noisy, seed: 14, numPoints: 80, batchSize: 12, hiddenLayers: [{ neurons: 6, activation: "relu" }] },
    0.1,
  ),
  lesson(
    "gaussian sigmoid 4 mse",
    { scenario: "classification", dataset: "gaussian", ...noisy, seed: 15, numPoints: 60, loss: "mse", hiddenLayers: [{ neurons: 4, activation: "sigmoid" }] },
    0.5,
  ),
  lesson("spiral tanh 8-8 bce", { scenario: "classification", dataset: "spiral", ...noisy, seed: 16, numPoints: 80, hiddenLayers: [tanh(8), tanh(8)] }, 0.3),
  lesson(
    "moons linear+tanh mse mini-batch",
    { scenario: "classification", dataset: "moons", ...noisy, seed: 17, numPoints: 80, loss: "mse", batchSize: 10, hiddenLayers: [{ neurons: 3, activation: "linear" }, tanh(5)] },
    0.5,
  ),
  lesson("curve sine tanh 8", { scenario: "curve-fit", target: "sine", ...noisy, seed: 18, numPoints: 60 }, 0.2),
  lesson(
    "curve parabola relu mini-batch",
    { scenario: "curve-fit", target: "parabola", ...noisy, seed: 19, numPoints: 60, batchSize: 16, hiddenLayers: [{ neurons: 6, activation: "relu" }] },
    0.05,
  ),
  lesson("curve abs sigmoid", { scenario: "curve-fit", target: "abs", ...noisy, seed: 20, numPoints: 60, hiddenLayers: [{ neurons: 5, activation: "sigmoid" }] }, 0.5),
  lesson("curve step tanh 4-4", { scenario: "curve-fit", target: "step", ...noisy, seed: 21, numPoints: 60, hiddenLayers: [tanh(4), tanh(4)] }, 0.2),
  lesson("line-fit momentum 0.9", { scenario: "line-fit", ...noisy, seed: 22, optimizer: momentum(0.9) }, 0.05),
  lesson(
    "circle momentum 0.8 mini-batch",
    { scenario: "classification", dataset: "circle", ...noisy, seed: 23, numPoints: 80, batchSize: 10, optimizer: momentum(0.8) },
    0.1,
  ),
  // The class's own points, far outside the engine's domains, so the scaling (division by powers of ten) is exercised.
  lesson("own data classification x/100", { scenario: "classification", ...noisy, seed: 24, data: { points: OWN_PLANE } }, 0.3),
  lesson(
    "own data curve momentum x/100 y/100",
    { scenario: "curve-fit", ...noisy, seed: 25, trainFraction: 0.75, data: { points: OWN_CURVE }, optimizer: momentum(0.5) },
    0.1,
  ),
];

/**
 * Train one lesson as a live session would (parseConfig: the current math version) and record its trajectory.
 * `legacy` trains it on the runtime's Math.* instead (a config without mathVersion), to show what the test guards.
 */
export function traceLesson(spec: LessonSpec, legacy = false): LessonTrace {
  let state = createState(legacy ? spec.config : parseConfig(spec.config));
  const checksums = [checksum(state)];
  const losses = [bits(state.loss)];
  for (let done = 0; done < spec.steps; done += spec.every) {
    state = runSteps(state, spec.alpha, spec.every).state;
    checksums.push(checksum(state));
    losses.push(bits(state.loss));
  }
  const curve = lossCurve(state, { k: 2, points: 21 });
  const grid = outputGrid(state, { resolution: 7 });
  const extras = [
    bits(curve.best?.alpha ?? NaN),
    bits(curve.best?.loss ?? NaN),
    ...curve.points.map((p) => bits(p.alpha)),
    ...Array.from(grid.output, bits),
    ...state.data.domain.flat().map(bits),
  ];
  if (isMomentum(state.config)) {
    // The β grid (ln/exp in u = −ln(1 − β)), its refined best, and the velocity the state carries.
    const betas = betaLossCurve(state, { alpha: spec.alpha, k: 3, points: 11 });
    extras.push(bits(betas.best?.beta ?? NaN), bits(betas.best?.loss ?? NaN), ...betas.points.map((p) => bits(p.beta)));
    extras.push(...Array.from(state.velocity, bits));
  }
  if (state.network.paramCount <= 2) {
    const paths = momentumPaths(state, spec.alpha, 5, 0.9);
    extras.push(...[...paths.plain.params, ...paths.momentum.params].flat().map(bits));
  }
  const reset = resetState(state, state.config.seed + 1000);
  checksums.push(checksum(reset));
  losses.push(bits(reset.loss));
  return { name: spec.name, checksums, losses, extras };
}

export function traceLessons(specs: readonly LessonSpec[], legacy = false): LessonTrace[] {
  return specs.map((spec) => traceLesson(spec, legacy));
}
