"use client";
import { formatClock } from "../_lib/format";
import { useNow } from "../_lib/use-now";

/** Time left in a timed round. The deadline is server time; clockOffset (server − local) converts it. */
export function Countdown({ deadline, clockOffset }: { deadline: number; clockOffset: number }) {
  const now = useNow();
  if (now === 0) return null;
  const left = deadline - (now + clockOffset);
  const urgent = left <= 10_000;
  // Screen readers hear the time at a few milestones, not every second.
  const milestone = left <= 0 ? "Time is up." : left <= 10_000 ? "10 seconds left." : left <= 30_000 ? "30 seconds left." : "";
  return (
    <p
      className={`flex min-h-11 items-center gap-2 rounded-full px-4 text-xl font-bold tabular-nums ${
        urgent ? "bg-warn text-ink" : "bg-slate-200 text-ink dark:bg-slate-800 dark:text-slate-100"
      }`}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6 shrink-0" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round">
        <circle cx="12" cy="13" r="8" />
        <path d="M12 9v4l2.5 2M9 2h6" />
      </svg>
      <span className="sr-only">Time left: </span>
      <span>{left > 0 ? formatClock(left) : "Time's up"}</span>
      <span className="sr-only" aria-live="polite">
        {milestone}
      </span>
    </p>
  );
}
