import type { HostView } from "@/lib/protocol";

const STAGES = ["Open", "Close", "Reveal", "Step"] as const;

/** Which of open → close → reveal → step comes next, from the current round (0 = open a round). */
function nextStage(round: HostView["round"]): number {
  if (!round) return 0;
  if (round.status === "open") return 1;
  if (round.status === "closed") return 2;
  return 3;
}

/** The round's state machine as four pills: done ones ticked, the next one highlighted. */
export function RoundFlow({ round }: { round: HostView["round"] }) {
  const next = nextStage(round);
  return (
    <ol className="flex items-center gap-1 text-sm font-semibold" aria-label="Round progress">
      {STAGES.map((name, i) => {
        const done = i < next;
        const current = i === next;
        return (
          <li key={name} className="flex items-center gap-1" aria-current={current ? "step" : undefined}>
            {i > 0 && <span aria-hidden className="text-slate-400">→</span>}
            <span
              className={`rounded-full px-2 py-0.5 ${
                current
                  ? "bg-brand text-white dark:bg-sky-300 dark:text-slate-950"
                  : done
                    ? "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100"
                    : "text-slate-600 dark:text-slate-400"
              }`}
            >
              {done ? "✓ " : ""}
              {name}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
