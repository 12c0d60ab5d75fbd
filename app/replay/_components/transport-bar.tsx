"use client";
import type { ReactNode } from "react";
import { LabelledSelect } from "@/app/_components/ui/labelled-select";
import { Segmented } from "@/app/_components/ui/segmented";
import type { Timeline } from "./timeline";
import { TimelineScrubber } from "./timeline-scrubber";
import { SPEEDS, type ReplayCursor } from "./use-replay-cursor";

const ICON_BUTTON =
  "inline-flex min-h-11 min-w-11 items-center justify-center rounded-xl border border-slate-300 bg-white text-lg font-semibold text-slate-900 " +
  "hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand " +
  "dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 dark:focus-visible:outline-sky-300";

const SPEED_OPTIONS = SPEEDS.map((s) => ({ value: s, label: `${s === 0.5 ? "½" : s}×` }));

/** Drawn rather than typed: ⏮ and ⏭ are missing from many system fonts. */
function Icon({ kind }: { kind: "first" | "previous" | "next" | "last" }) {
  const flip = kind === "first" || kind === "previous";
  const bar = kind === "first" || kind === "last";
  return (
    <svg viewBox="0 0 20 20" className={`size-5 ${flip ? "-scale-x-100" : ""}`} aria-hidden fill="currentColor">
      <path d={bar ? "M4 4l9 6-9 6z" : "M6 4l9 6-9 6z"} />
      {bar && <rect x="14" y="4" width="2.5" height="12" rx="0.5" />}
    </svg>
  );
}

/** Minutes:seconds since the session started, as the lesson's own clock. */
function elapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(h ? 2 : 1, "0")}:${String(s % 60).padStart(2, "0")}`;
  return h ? `${h}:${mmss}` : mmss;
}

/**
 * Play/pause, frame by frame, speed, jump to a round, where we are, and the slider with the lesson under it.
 * It stays on screen while the page scrolls, except on a phone, where it would cover half the screen.
 */
export function TransportBar({
  timeline,
  cursor,
  issueSeqs,
  actions,
}: {
  timeline: Timeline;
  cursor: ReplayCursor;
  issueSeqs: readonly number[];
  /** Things to do with the current moment (continue from here). */
  actions: ReactNode;
}) {
  const { frames, rounds } = timeline;
  const frame = frames[cursor.index];
  const last = frames.length - 1;
  const position = `Frame ${cursor.index + 1} of ${frames.length}`;
  const currentRound = rounds.find((r) => cursor.index >= r.openIndex && cursor.index <= r.targetIndex);

  return (
    <section
      aria-label="Replay controls"
      className="z-10 flex md:sticky md:top-0 flex-col gap-1 rounded-2xl border border-slate-200 bg-white px-3 pt-2 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <div className="flex items-center gap-1.5" role="group" aria-label="Playback">
          <button type="button" className={ICON_BUTTON} onClick={() => cursor.go(0)} disabled={cursor.index === 0} aria-label="First frame" title="First frame (Home)">
            <Icon kind="first" />
          </button>
          <button type="button" className={ICON_BUTTON} onClick={() => cursor.step(-1)} disabled={cursor.index === 0} aria-label="Previous frame" title="Previous frame (←)">
            <Icon kind="previous" />
          </button>
          <button
            type="button"
            onClick={cursor.toggle}
            title={cursor.playing ? "Pause (Space)" : "Play (Space)"}
            className="inline-flex min-h-11 min-w-24 items-center justify-center gap-2 rounded-xl bg-brand px-4 text-lg font-semibold text-white hover:bg-[#094b8e] focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand dark:bg-sky-300 dark:text-slate-950 dark:focus-visible:outline-sky-300"
          >
            <span aria-hidden>{cursor.playing ? "❚❚" : "▶"}</span>
            {cursor.playing ? "Pause" : "Play"}
          </button>
          <button type="button" className={ICON_BUTTON} onClick={() => cursor.step(1)} disabled={cursor.index === last} aria-label="Next frame" title="Next frame (→)">
            <Icon kind="next" />
          </button>
          <button type="button" className={ICON_BUTTON} onClick={() => cursor.go(last)} disabled={cursor.index === last} aria-label="Last frame" title="Last frame (End)">
            <Icon kind="last" />
          </button>
        </div>

        <Segmented
          kind="radios"
          itemClassName="min-h-9 tabular-nums"
          label="Playback speed"
          value={cursor.speed}
          options={SPEED_OPTIONS}
          onChange={cursor.setSpeed}
        />

        {rounds.length > 0 && (
          <LabelledSelect
            label="Round"
            labelClassName="text-sm"
            selectClassName="min-h-9"
            value={currentRound?.number ?? ""}
            onChange={(value) => {
              const round = rounds.find((r) => r.number === Number(value));
              if (round) cursor.go(round.targetIndex);
            }}
          >
            {!currentRound && <option value="">–</option>}
            {rounds.map((r) => (
              <option key={r.number} value={r.number}>
                {r.number}
              </option>
            ))}
          </LabelledSelect>
        )}

        {/* Announced when moved by hand; during playback it would talk over itself several times a second. */}
        <p className="min-w-64 flex-1 text-lg" aria-live={cursor.playing ? "off" : "polite"} data-testid="frame-label">
          <span className="font-semibold tabular-nums text-slate-600 dark:text-slate-300">{position}</span>
          <span aria-hidden className="mx-2 text-slate-400">·</span>
          <strong className="font-bold">{frame.label}</strong>
          <span className="ml-2 whitespace-nowrap text-base tabular-nums text-slate-600 dark:text-slate-400" title="Time since the session was created">
            at {elapsed(frame.at - frames[0].at)}
          </span>
        </p>
        {actions}
      </div>
      <TimelineScrubber timeline={timeline} index={cursor.index} onChange={cursor.go} issueSeqs={issueSeqs} valueText={`${position}: ${frame.label}`} />
    </section>
  );
}
