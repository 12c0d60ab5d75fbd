import type { HostView } from "@/lib/protocol";
import { Countdown } from "./countdown";

type Round = NonNullable<HostView["round"]>;

/**
 * While a round is open: the question, the clock and how many have answered. Individual guesses stay hidden
 * until the reveal, so nobody copies the crowd.
 */
export function RoundLiveStage({
  round,
  answered,
  total,
  clockOffset,
  paused,
  joinCode,
}: {
  round: Round;
  answered: number;
  total: number;
  clockOffset: number;
  paused: boolean;
  joinCode: string;
}) {
  const share = total > 0 ? answered / total : 0;
  return (
    <div className="flex h-full min-h-0 items-center justify-center gap-10 px-6">
      <Countdown round={round} clockOffset={clockOffset} paused={paused} />
      <div className="flex min-w-0 max-w-4xl flex-col gap-4">
        <p className="text-xl font-semibold uppercase tracking-widest text-brand dark:text-sky-300">Round {round.number} · guess now</p>
        <h2 className="text-3xl leading-tight font-bold 2xl:text-5xl">
          Which learning rate α gives the lowest loss after {round.k === 1 ? "one step" : `${round.k} steps`}?
        </h2>
        <div className="flex items-center gap-4" aria-live="polite">
          <p className="text-3xl font-bold tabular-nums 2xl:text-4xl" data-testid="answered">
            {answered} / {total} answered
          </p>
          <div className="h-4 min-w-24 flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden>
            <div className="h-full rounded-full bg-accent transition-[width] duration-500" style={{ width: `${share * 100}%` }} />
          </div>
        </div>
        <p className="text-xl text-slate-700 dark:text-slate-300">
          Late? Join with code <strong className="font-mono tracking-wider text-slate-950 dark:text-white">{joinCode}</strong>
        </p>
      </div>
    </div>
  );
}
