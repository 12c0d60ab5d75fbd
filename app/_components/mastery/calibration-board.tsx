import type { CalibrationEntry } from "@/lib/protocol";

/** The "best calibrated" ranking: lowest mean distance from the best value, in decades, over the rounds answered. */
export function CalibrationBoard({
  entries,
  nameOf,
  limit = 5,
}: {
  entries: readonly CalibrationEntry[];
  nameOf: (playerId: string) => string;
  limit?: number;
}) {
  const shown = entries.slice(0, limit);
  if (shown.length === 0)
    return <p className="text-lg text-slate-600 dark:text-slate-300">The calibration ranking appears after the first reveal.</p>;
  return (
    <ol className="flex flex-col gap-2" aria-label="Best calibrated" data-testid="calibration-board">
      {shown.map((e) => (
        <li
          key={e.playerId}
          className="grid grid-cols-[2.5rem_minmax(0,1fr)_auto] items-center gap-3 rounded-xl bg-slate-100 px-3 py-2 text-xl dark:bg-slate-800"
        >
          <span className="text-center text-2xl font-bold tabular-nums text-brand dark:text-sky-300">{e.rank}</span>
          <span className="truncate font-semibold">{nameOf(e.playerId)}</span>
          <span className="text-right tabular-nums">
            <span className="font-semibold">{e.decades < 0.1 ? e.decades.toFixed(2) : e.decades.toFixed(1)}</span>
            <span className="text-base text-slate-700 dark:text-slate-300">
              {" "}
              dec · {e.rounds} round{e.rounds === 1 ? "" : "s"}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}
