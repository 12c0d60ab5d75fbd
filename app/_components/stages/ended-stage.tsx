import { Podium } from "@/app/_components/pictures/podium";
import type { RankedPlayer } from "@/app/_components/pictures/leaderboard-list";
import { formatNumber } from "@/app/_components/pictures/format-number";
import { CalibrationBoard } from "@/app/_components/mastery/calibration-board";
import type { CalibrationEntry, LossPoint } from "@/lib/protocol";

/** The end of the lesson: the podium for points, the "best calibrated" ranking beside it, and what the network achieved. */
export function EndedStage({
  entries,
  rounds,
  history,
  calibration,
  nameOf,
}: {
  entries: readonly RankedPlayer[];
  rounds: number;
  /** The loss after every step; the summary compares its first and last points. */
  history: readonly LossPoint[];
  calibration: readonly CalibrationEntry[];
  nameOf: (playerId: string) => string;
}) {
  const first = history[0];
  const last = history.at(-1) ?? first;
  const steps = last.step;
  return (
    <div className="flex h-full min-h-0 flex-col gap-3">
      <div className="flex flex-wrap items-baseline gap-x-6">
        <h2 className="text-3xl font-bold 2xl:text-4xl">Thanks for playing!</h2>
        <p className="text-xl text-slate-700 dark:text-slate-300">
          {rounds} round{rounds === 1 ? "" : "s"} · {steps} step{steps === 1 ? "" : "s"} · loss {formatNumber(first.trainLoss)} → {formatNumber(last.trainLoss)}
        </p>
      </div>
      <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,2fr)_minmax(0,1fr)] gap-6">
        <section aria-labelledby="podium-title" className="flex min-h-0 flex-col gap-2">
          <h3 id="podium-title" className="text-xl font-bold 2xl:text-2xl">
            Most points
          </h3>
          <div className="min-h-0 flex-1" data-testid="podium">
            <Podium entries={entries} />
          </div>
        </section>
        <section aria-labelledby="calibrated-title" className="flex min-h-0 flex-col gap-2 overflow-hidden">
          <h3 id="calibrated-title" className="text-xl font-bold 2xl:text-2xl">
            Best calibrated
          </h3>
          <p className="text-base text-slate-700 dark:text-slate-300">Closest to the best value on average, in decades (0 = spot on)</p>
          <CalibrationBoard entries={calibration} nameOf={nameOf} limit={5} />
        </section>
      </div>
    </div>
  );
}
