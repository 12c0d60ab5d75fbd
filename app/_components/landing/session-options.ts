import type { ActivationName, CurveTarget, DatasetName, HiddenLayer, LossName, ScenarioName } from "@/lib/engine";

/**
 * What the landing page (a server component) hands the start form: defaults and limits computed with lib/engine on
 * the server, as plain JSON, so the form itself ships no engine code. Types are erased at build time.
 */
export type ScenarioDefaults = {
  name: string;
  numPoints: number;
  noise: number;
  hiddenLayers: HiddenLayer[] | null;
  loss: LossName | null;
};

export type FormLimits = { minPoints: number; maxPoints: number; maxNoise: number; maxHiddenLayers: number; maxNeurons: number; maxSeed: number };

export type ScenarioCard = { id: ScenarioName; title: string; formula: string; blurb: string };

export const SCENARIO_CARDS: readonly ScenarioCard[] = [
  { id: "one-weight", title: "One weight", formula: "ŷ = w·x", blurb: "One slope to learn. The clearest first lesson." },
  { id: "line-fit", title: "Line fit", formula: "ŷ = w·x + b", blurb: "Two parameters; the loss is a bowl." },
  { id: "classification", title: "Classification", formula: "two classes", blurb: "A small network separates points." },
  { id: "curve-fit", title: "Curve fit", formula: "ŷ ≈ f(x)", blurb: "A small network bends to follow a curve." },
];

export const DATASETS: readonly { id: DatasetName; title: string }[] = [
  { id: "circle", title: "Circle" },
  { id: "xor", title: "XOR" },
  { id: "gaussian", title: "Gaussian" },
  { id: "spiral", title: "Spiral" },
  { id: "moons", title: "Moons" },
];

export const CURVE_TARGETS: readonly { id: CurveTarget; title: string }[] = [
  { id: "sine", title: "Sine" },
  { id: "parabola", title: "Parabola" },
  { id: "abs", title: "V shape" },
  { id: "step", title: "Step" },
];

export const ACTIVATIONS: readonly ActivationName[] = ["tanh", "relu", "sigmoid", "linear"];

export const LOSSES: readonly { id: LossName; title: string; hint: string }[] = [
  { id: "bce", title: "Cross-entropy", hint: "the usual choice for classes" },
  { id: "mse", title: "Mean squared error", hint: "flatter when predictions are very wrong" },
];
