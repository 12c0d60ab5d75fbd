import { RoundQuestion } from "@/app/_components/stages/round-question";
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
  return (
    <div className="flex h-full min-h-0 items-center justify-center gap-10 px-6">
      <Countdown round={round} clockOffset={clockOffset} paused={paused} />
      <div className="flex min-w-0 max-w-4xl flex-col gap-4">
        <p className="text-xl font-semibold uppercase tracking-widest text-brand dark:text-sky-300">Round {round.number} · guess now</p>
        <RoundQuestion k={round.k} guess={round.guess} fixedAlpha={round.fixedAlpha} answered={answered} total={total} live />
        <p className="text-xl text-slate-700 dark:text-slate-300">
          Late? Join with code <strong className="font-mono tracking-wider text-slate-950 dark:text-white">{joinCode}</strong>
        </p>
      </div>
    </div>
  );
}
