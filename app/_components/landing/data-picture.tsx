/**
 * Thumbnails of each scenario's data, drawn from the real generator so the cards show what the class will see.
 * SERVER ONLY: it runs lib/engine at build time; the landing page passes the finished SVG to the client form, so no
 * engine code reaches the browser. Never import this from a "use client" file.
 */
import type { ReactNode } from "react";
import {
  CURVE_FUNCTIONS,
  generateDataset,
  parseConfig,
  type CurveTarget,
  type DatasetName,
  type EngineConfig,
  type LineFitConfig,
  type OneWeightConfig,
} from "@/lib/engine";

const SIZE = 64;
const MARGIN = 5;
const CLASS_ONE = "#0072b2"; // Okabe–Ito blue: filled dots
const CLASS_ZERO = "#d55e00"; // Okabe–Ito vermillion: crosses (shape differs too, for colour-blind eyes)
const POINTS = "#475569";
const TRUTH = "#0b5cad";

const scale = (v: number, lo: number, hi: number) => MARGIN + ((v - lo) / (hi - lo)) * (SIZE - 2 * MARGIN);
const flip = (v: number) => SIZE - v;
const n1 = (v: number) => v.toFixed(1);

function Frame({ children, label }: { children: ReactNode; label: string }) {
  return (
    <svg viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={label} className="size-14 shrink-0 rounded-lg bg-white sm:size-16">
      {children}
    </svg>
  );
}

function points(config: EngineConfig) {
  const data = generateDataset(config);
  return { data, total: data.nTrain + data.nTest };
}

/** Two classes in the plane: class 1 as dots, class 0 as crosses; one path per class keeps the HTML small. */
function ClassificationPicture({ dataset, label }: { dataset: DatasetName; label: string }) {
  const { data, total } = points(parseConfig({ scenario: "classification", dataset, numPoints: 140, seed: 3, noise: 0.08 }));
  const [[x0, x1], [y0, y1]] = data.domain;
  let dots = "";
  let crosses = "";
  for (let s = 0; s < total; s++) {
    const px = scale(data.x[s], x0, x1);
    const py = flip(scale(data.x[total + s], y0, y1));
    if (data.y[s] === 1) dots += `M${n1(px)} ${n1(py)}h0`;
    else crosses += `M${n1(px - 1.4)} ${n1(py - 1.4)}l2.8 2.8m0-2.8l-2.8 2.8`;
  }
  return (
    <Frame label={label}>
      <path d={crosses} stroke={CLASS_ZERO} strokeWidth="1.1" />
      <path d={dots} stroke={CLASS_ONE} strokeWidth="3.2" strokeLinecap="round" />
    </Frame>
  );
}

/** Noisy points around the true function, with the function drawn as a line. */
function RegressionPicture({ config, truth, label }: { config: EngineConfig; truth: (x: number) => number; label: string }) {
  const { data, total } = points(config);
  const [x0, x1] = data.domain[0];
  const curve = Array.from({ length: 41 }, (_, i) => x0 + ((x1 - x0) * i) / 40);
  const ys = [...Array.from(data.y.subarray(0, total)), ...curve.map(truth)];
  const pad = (Math.max(...ys) - Math.min(...ys)) * 0.08 || 1;
  const y0 = Math.min(...ys) - pad;
  const y1 = Math.max(...ys) + pad;
  let dots = "";
  for (let s = 0; s < total; s++) dots += `M${n1(scale(data.x[s], x0, x1))} ${n1(flip(scale(data.y[s], y0, y1)))}h0`;
  const line = curve.map((x, i) => `${i ? "L" : "M"}${n1(scale(x, x0, x1))} ${n1(flip(scale(truth(x), y0, y1)))}`).join("");
  // Faint axes through the origin: they show that one weight's line passes through it and a line fit's does not.
  const axes = `M${MARGIN} ${n1(flip(scale(0, y0, y1)))}H${SIZE - MARGIN}M${n1(scale(0, x0, x1))} ${MARGIN}V${SIZE - MARGIN}`;
  return (
    <Frame label={label}>
      <path d={axes} stroke="#cbd5e1" strokeWidth="1" />
      <path d={dots} stroke={POINTS} strokeWidth="3" strokeLinecap="round" />
      <path d={line} stroke={TRUTH} strokeWidth="2" fill="none" strokeLinejoin="round" />
    </Frame>
  );
}

export function ScenarioPicture({ scenario }: { scenario: EngineConfig["scenario"] }) {
  switch (scenario) {
    case "one-weight": {
      const config = parseConfig({ scenario, numPoints: 24, seed: 3 }) as OneWeightConfig;
      return <RegressionPicture config={config} truth={(x) => config.trueSlope * x} label="Points along a line through the origin" />;
    }
    case "line-fit": {
      const config = parseConfig({ scenario, numPoints: 30, seed: 3 }) as LineFitConfig;
      return (
        <RegressionPicture
          config={config}
          truth={(x) => config.trueSlope * x + config.trueIntercept}
          label="Points along a line with an offset"
        />
      );
    }
    case "classification":
      return <ClassificationPicture dataset="circle" label="Two classes of points, one inside a ring of the other" />;
    case "curve-fit":
      return <CurvePicture target="sine" />;
  }
}

const datasetLabels: Record<DatasetName, string> = {
  circle: "One class inside a ring of the other",
  xor: "Classes in opposite corners (XOR)",
  gaussian: "Two overlapping clouds",
  spiral: "Two interleaved spirals",
  moons: "Two interlocking half-moons",
};

export function DatasetPicture({ dataset }: { dataset: DatasetName }) {
  return <ClassificationPicture dataset={dataset} label={datasetLabels[dataset]} />;
}

const targetLabels: Record<CurveTarget, string> = {
  sine: "Points along a sine wave",
  parabola: "Points along a parabola",
  abs: "Points along a V shape",
  step: "Points along a step",
};

export function CurvePicture({ target }: { target: CurveTarget }) {
  const config = parseConfig({ scenario: "curve-fit", target, numPoints: 50, seed: 3 });
  return <RegressionPicture config={config} truth={CURVE_FUNCTIONS[target]} label={targetLabels[target]} />;
}
