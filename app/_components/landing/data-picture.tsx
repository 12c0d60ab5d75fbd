/**
 * Thumbnails of each scenario's data, drawn from the real generator so the cards show what the class will see.
 * SERVER ONLY: it runs lib/engine at build time; the landing page passes the finished SVG to the client form, so no
 * engine code reaches the browser. Never import this from a "use client" file.
 */
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
import { ClassPointsPicture, RegressionPointsPicture } from "./points-picture";

function points(config: EngineConfig) {
  const data = generateDataset(config);
  return { data, total: data.nTrain + data.nTest };
}

/** The generator's feature-major inputs (x1 of every point, then x2) as the drawing's point-major pairs. */
function classificationPicture(dataset: DatasetName, label: string) {
  const { data, total } = points(parseConfig({ scenario: "classification", dataset, numPoints: 140, seed: 3, noise: 0.08 }));
  const xs = new Float64Array(2 * total);
  for (let s = 0; s < total; s++) {
    xs[2 * s] = data.x[s];
    xs[2 * s + 1] = data.x[total + s];
  }
  const [d0, d1] = data.domain;
  return <ClassPointsPicture xs={xs} labels={data.y.subarray(0, total)} domain={[d0, d1]} label={label} />;
}

function RegressionPicture({ config, truth, label }: { config: EngineConfig; truth: (x: number) => number; label: string }) {
  const { data, total } = points(config);
  return <RegressionPointsPicture xs={data.x.subarray(0, total)} ys={data.y.subarray(0, total)} xDomain={data.domain[0]} truth={truth} label={label} />;
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
      return classificationPicture("circle", "Two classes of points, one inside a ring of the other");
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
  return classificationPicture(dataset, datasetLabels[dataset]);
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
