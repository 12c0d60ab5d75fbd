import { Podium } from "@/app/_components/pictures/podium";
import type { RankedPlayer } from "@/app/_components/pictures/leaderboard-list";
import { formatNumber } from "@/app/_components/pictures/format-number";
import type { LossPoint } from "@/lib/protocol";

/** The end of the lesson: the podium, and what the network achieved. */
export function EndedStage({
  entries,
  rounds,
  history,
}: {
  entries: readonly RankedPlayer[];
  rounds: number;
  /** The loss after every step; the summary compares its first and last points. */
  history: readonly LossPoint[];
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
      <div className="min-h-0 flex-1" data-testid="podium">
        <Podium entries={entries} />
      </div>
    </div>
  );
}
