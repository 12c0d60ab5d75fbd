import { RoundQuestion } from "@/app/_components/stages/round-question";
import type { HostView } from "@/lib/protocol";

type Round = NonNullable<HostView["round"]>;

/**
 * A round while guesses came in, as the console showed it — minus the ticking clock (a replay has no "now"): the
 * question and how many had answered by the time it closed. Individual guesses stay hidden until the reveal, as live.
 */
export function RoundOpenStage({ round, answered, total, paused }: { round: Round; answered: number; total: number; paused: boolean }) {
  return (
    <div className="flex h-full min-h-0 flex-col justify-center gap-4 px-6">
      <p className="text-xl font-semibold uppercase tracking-widest text-brand dark:text-sky-300">
        Round {round.number} · guessing{round.timerSeconds !== null ? ` · ${round.timerSeconds} s timer` : ""}
        {paused ? " · paused" : ""}
      </p>
      <RoundQuestion k={round.k} guess={round.guess} fixedAlpha={round.fixedAlpha} answered={answered} total={total} live={false} />
    </div>
  );
}
