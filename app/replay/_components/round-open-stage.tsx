import type { HostView } from "@/lib/protocol";

type Round = NonNullable<HostView["round"]>;

/**
 * A round while guesses came in, as the console showed it — minus the ticking clock (a replay has no "now"): the
 * question and how many had answered by the time it closed. Individual guesses stay hidden until the reveal, as live.
 */
export function RoundOpenStage({ round, answered, total, paused }: { round: Round; answered: number; total: number; paused: boolean }) {
  const share = total > 0 ? answered / total : 0;
  return (
    <div className="flex h-full min-h-0 flex-col justify-center gap-4 px-6">
      <p className="text-xl font-semibold uppercase tracking-widest text-brand dark:text-sky-300">
        Round {round.number} · guessing{round.timerSeconds !== null ? ` · ${round.timerSeconds} s timer` : ""}
        {paused ? " · paused" : ""}
      </p>
      <h2 className="text-3xl leading-tight font-bold 2xl:text-5xl">
        Which learning rate α gives the lowest loss after {round.k === 1 ? "one step" : `${round.k} steps`}?
      </h2>
      <div className="flex items-center gap-4">
        <p className="text-3xl font-bold tabular-nums 2xl:text-4xl" data-testid="answered">
          {answered} / {total} answered
        </p>
        <div className="h-4 min-w-24 flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden>
          <div className="h-full rounded-full bg-accent" style={{ width: `${share * 100}%` }} />
        </div>
      </div>
    </div>
  );
}
