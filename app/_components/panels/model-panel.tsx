"use client";
import { useMemo, useState } from "react";
import { CostContourPlot } from "@/app/_components/pictures/cost-contour-plot";
import { CostCurvePlot } from "@/app/_components/pictures/cost-curve-plot";
import { DecisionHeatmap } from "@/app/_components/pictures/decision-heatmap";
import { FittedCurvePlot } from "@/app/_components/pictures/fitted-curve-plot";
import { formatAlpha, formatBeta } from "@/app/_components/pictures/format-number";
import { COMPARISON_STEPS, useMomentumPaths, type Comparison } from "@/app/_components/pictures/momentum-compare";
import { evaluate, type EngineState } from "@/lib/engine";
import type { LossPoint } from "@/lib/protocol";
import { Panel } from "./panel";
import { Segmented } from "@/app/_components/ui/segmented";

type View = "cost" | "fit";
const VIEWS = [
  { value: "cost", label: "cost" },
  { value: "fit", label: "fit" },
] as const;

const percent = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);

function ClassLegend() {
  return (
    <p className="flex flex-wrap gap-x-3 pt-1 text-sm text-slate-700 dark:text-slate-300">
      <span>
        <span aria-hidden className="mr-1 inline-block size-3 rounded-full bg-positive align-middle" />
        blue class
      </span>
      <span>
        <span aria-hidden className="mr-1 inline-block size-3 bg-negative align-middle" />
        vermillion class
      </span>
      <span className="hidden 2xl:inline">filled train · hollow test · line = boundary</span>
    </p>
  );
}

/** Which line is which in the momentum-vs-plain picture, with the α and β it was drawn at. */
function PathsLegend({ alpha, beta }: { alpha: number; beta: number }) {
  return (
    <p className="flex flex-wrap gap-x-3 pt-1 text-sm text-slate-700 dark:text-slate-300" data-testid="paths-legend">
      <span>
        <span aria-hidden className="mr-1 inline-block w-5 border-t-[3px] border-dashed border-slate-900 align-middle dark:border-slate-100" />
        plain descent
      </span>
      <span>
        <span aria-hidden className="mr-1 inline-block w-5 border-t-[3px] border-negative align-middle" />
        momentum β = {formatBeta(beta)}
      </span>
      <span>
        next {COMPARISON_STEPS} steps from here at α = {formatAlpha(alpha)}
      </span>
    </p>
  );
}

/**
 * The scenario's own picture: decision map, cost bowl, cost contours or fitted curve. With momentum on, the cost
 * pictures also show the next steps of plain descent and of momentum from the same weights (`comparison`).
 */
export function ModelPanel({ state, history, comparison = null }: { state: EngineState; history: readonly LossPoint[]; comparison?: Comparison | null }) {
  const scenario = state.config.scenario;
  const [view, setView] = useState<View>("cost");
  const accuracy = useMemo(() => (scenario === "classification" ? evaluate(state) : null), [state, scenario]);
  const hasCost = scenario === "one-weight" || scenario === "line-fit";
  const showCost = hasCost && view === "cost";
  const paths = useMomentumPaths(state, showCost ? comparison : null);

  const title =
    scenario === "classification"
      ? "Predictions"
      : scenario === "one-weight"
        ? showCost
          ? "Cost J(w)"
          : "Fit: ŷ = w·x"
        : scenario === "line-fit"
          ? showCost
            ? "Cost J(w, b)"
            : "Fit: ŷ = w·x + b"
          : "Fitted curve";

  return (
    <Panel
      title={title}
      explain={showCost || scenario === "classification" || scenario === "curve-fit" ? scenario : "fit"}
      tools={hasCost ? <Segmented label="Picture" value={view} options={VIEWS} onChange={setView} /> : undefined}
    >
      <div className="min-h-0 flex-1" data-testid="model-picture">
        {scenario === "classification" && <DecisionHeatmap state={state} resolution={64} />}
        {scenario === "one-weight" && showCost && <CostCurvePlot state={state} history={history} paths={paths} />}
        {scenario === "line-fit" && showCost && <CostContourPlot state={state} history={history} paths={paths} />}
        {(scenario === "curve-fit" || (hasCost && !showCost)) && <FittedCurvePlot state={state} />}
      </div>
      {paths && <PathsLegend alpha={paths.alpha} beta={paths.beta} />}
      {accuracy && (
        <>
          <ClassLegend />
          <p className="text-base font-semibold tabular-nums" data-testid="accuracy">
            Accuracy: train {percent(accuracy.trainAccuracy)} · test {percent(accuracy.testAccuracy)}
          </p>
        </>
      )}
    </Panel>
  );
}
