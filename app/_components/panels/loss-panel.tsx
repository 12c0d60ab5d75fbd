"use client";
import { formatNumber } from "@/app/_components/pictures/format-number";
import { LossChart } from "@/app/_components/pictures/loss-chart";
import type { LossPoint } from "@/lib/protocol";
import { Panel } from "./panel";

/** Loss over the steps, with the latest numbers in words above the chart. */
export function LossPanel({ history }: { history: readonly LossPoint[] }) {
  const last = history.at(-1);
  return (
    <Panel title="Loss" explain="loss">
      {last && (
        <p className="text-base tabular-nums text-slate-700 dark:text-slate-300" data-testid="loss-now">
          step <strong className="text-slate-950 dark:text-white">{last.step}</strong> · train{" "}
          <strong className="text-slate-950 dark:text-white">{formatNumber(last.trainLoss, 4)}</strong>
          {last.testLoss !== null && (
            <>
              {" "}
              · test <strong className="text-slate-950 dark:text-white">{formatNumber(last.testLoss, 4)}</strong>
            </>
          )}
        </p>
      )}
      <div className="min-h-0 flex-1" data-testid="loss-chart" data-points={history.length}>
        <LossChart history={history} />
      </div>
    </Panel>
  );
}
