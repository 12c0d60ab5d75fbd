"use client";
import type { HostView } from "@/lib/protocol";
import { useNow } from "./use-clock";

type Round = NonNullable<HostView["round"]>;

/** Milliseconds left on a timed round: from the server deadline (corrected for clock skew), or frozen while paused. */
export function remainingMs(round: Round, now: number, clockOffset: number): number | null {
  if (round.pausedRemainingMs !== null) return round.pausedRemainingMs;
  if (round.deadline === null) return null;
  return Math.max(0, round.deadline - (now + clockOffset));
}

const R = 54;
const CIRCUMFERENCE = 2 * Math.PI * R;

/** A ring that empties as time runs out, with the seconds in the middle; "no timer" rounds say so. */
export function Countdown({ round, clockOffset, paused }: { round: Round; clockOffset: number; paused: boolean }) {
  const now = useNow();
  // Before the shared clock's first tick (now = 0) show the full time rather than a wrong number.
  const left = now === 0 && round.timerSeconds !== null ? round.timerSeconds * 1000 : remainingMs(round, now, clockOffset);
  if (round.timerSeconds === null || left === null)
    return <p className="text-3xl font-semibold text-slate-700 dark:text-slate-300">{paused ? "Paused" : "No timer: close when ready"}</p>;
  const seconds = Math.ceil(left / 1000);
  const fraction = Math.min(1, left / (round.timerSeconds * 1000));
  const urgent = seconds <= 5;
  const label = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  return (
    <div className="relative aspect-square h-full max-h-64 min-h-32" role="timer" aria-label={`${seconds} seconds left${paused ? ", paused" : ""}`}>
      <svg viewBox="0 0 120 120" className="h-full w-full -rotate-90" aria-hidden>
        <circle cx="60" cy="60" r={R} fill="none" stroke="var(--picture-grid, #e2e8f0)" strokeWidth="10" />
        <circle
          cx="60"
          cy="60"
          r={R}
          fill="none"
          stroke={urgent ? "var(--color-negative)" : "var(--color-brand)"}
          strokeWidth="10"
          strokeLinecap="round"
          strokeDasharray={CIRCUMFERENCE}
          strokeDashoffset={CIRCUMFERENCE * (1 - fraction)}
          className="transition-[stroke-dashoffset] duration-300 ease-linear"
        />
      </svg>
      <span className="absolute inset-0 flex flex-col items-center justify-center">
        <span className="text-5xl font-black tabular-nums 2xl:text-6xl">{label}</span>
        {paused && <span className="text-lg font-semibold uppercase tracking-wide">paused</span>}
      </span>
    </div>
  );
}
