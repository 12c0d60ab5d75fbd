"use client";
import { useId } from "react";
import type { Timeline } from "./timeline";

/** Round labels are thinned out so they never overlap: at most this many are written, the rest are dots. */
const MAX_ROUND_LABELS = 16;

/**
 * The position slider, with the lesson drawn under it: a tick per step frame, a labelled marker per round (click to
 * jump to its reveal) and red ticks where a checksum did not reproduce. The markers sit in a box inset by half the
 * native thumb's width so a marker lines up with the thumb at its frame.
 */
export function TimelineScrubber({
  timeline,
  index,
  onChange,
  issueSeqs,
  valueText,
}: {
  timeline: Timeline;
  index: number;
  onChange: (index: number) => void;
  issueSeqs: readonly number[];
  valueText: string;
}) {
  const id = useId();
  const { frames, rounds } = timeline;
  const last = Math.max(1, frames.length - 1);
  const pct = (i: number) => `${(i / last) * 100}%`;
  const labelEvery = Math.ceil(rounds.length / MAX_ROUND_LABELS);
  const issueFrames = [...new Set(issueSeqs.map((seq) => frames.findIndex((f) => f.firstSeq <= seq && seq <= f.seq)))].filter((i) => i >= 0);

  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="sr-only">
        Replay position
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={frames.length - 1}
        step={1}
        value={index}
        onChange={(e) => onChange(Number(e.target.value))}
        aria-valuetext={valueText}
        className="h-8 w-full cursor-pointer accent-brand dark:accent-sky-300"
      />
      <div className="relative mx-2 h-8" data-testid="timeline-markers">
        <svg className="absolute inset-x-0 top-0 h-2.5 w-full overflow-visible" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden>
          {frames.map((f) =>
            f.kind === "step" || f.kind === "reset" ? (
              <line
                key={f.index}
                x1={(f.index / last) * 1000}
                x2={(f.index / last) * 1000}
                y1={0}
                y2={f.kind === "reset" ? 10 : 6}
                stroke="var(--picture-muted, #475569)"
                strokeWidth={f.kind === "reset" ? 3 : 1.5}
                vectorEffect="non-scaling-stroke"
              />
            ) : null,
          )}
          {issueFrames.map((i) => (
            <line key={`issue-${i}`} x1={(i / last) * 1000} x2={(i / last) * 1000} y1={0} y2={10} stroke="var(--color-negative)" strokeWidth={4} vectorEffect="non-scaling-stroke" />
          ))}
        </svg>
        {rounds.map((r, i) => {
          const labelled = i % labelEvery === 0 || i === rounds.length - 1;
          const here = index >= r.openIndex && index <= r.targetIndex;
          return (
            <button
              key={r.number}
              type="button"
              // The range input and the "Round" menu are the keyboard ways; 50 markers would be 50 tab stops.
              tabIndex={-1}
              onClick={() => onChange(r.targetIndex)}
              aria-label={`Round ${r.number}`}
              title={`Round ${r.number}${r.revealed ? ": jump to its reveal" : " (not revealed)"}`}
              style={{ left: pct(r.targetIndex) }}
              className={`absolute top-2.5 -translate-x-1/2 rounded-full font-semibold tabular-nums leading-none ${
                labelled ? "px-1.5 py-1 text-xs" : "size-2.5 p-0"
              } ${
                here
                  ? "bg-brand text-white dark:bg-sky-300 dark:text-slate-950"
                  : "bg-slate-200 text-slate-800 hover:bg-slate-300 dark:bg-slate-700 dark:text-slate-100 dark:hover:bg-slate-600"
              }`}
            >
              {labelled ? `R${r.number}` : null}
            </button>
          );
        })}
      </div>
    </div>
  );
}
