import type { NameOf } from "@/lib/session";

/** Names written on the stage at most; a big class gets "and 170 more". */
const MAX_NAMES = 40;

/**
 * Before the first round. The live console showed its join screen here; in a replay the join code is history, so
 * the stage says who had joined by then instead.
 */
export function LobbyStage({
  title,
  joinCode,
  playerIds,
  nameOf,
  continued,
}: {
  title: string;
  joinCode: string;
  playerIds: readonly string[];
  nameOf: NameOf;
  continued: boolean;
}) {
  const shown = playerIds.slice(0, MAX_NAMES);
  const n = playerIds.length;
  return (
    <div className="flex h-full min-h-0 flex-col justify-center gap-4 px-4">
      <div>
        <p className="text-xl font-semibold uppercase tracking-widest text-brand dark:text-sky-300">
          Lobby · code <span className="font-mono tracking-wider">{joinCode}</span>
        </p>
        <h2 className="mt-1 text-3xl font-bold 2xl:text-5xl">{title}</h2>
        {continued && (
          <p className="mt-1 text-lg text-slate-700 dark:text-slate-300">This session continued the network of an earlier one.</p>
        )}
      </div>
      <p className="text-2xl text-slate-700 dark:text-slate-300">
        <strong className="tabular-nums text-slate-950 dark:text-white">{n}</strong> {n === 1 ? "student has" : "students have"} joined
      </p>
      {n > 0 && (
        <ul className="flex max-h-40 flex-wrap gap-2 overflow-hidden" aria-label="Students in the lobby">
          {shown.map((id) => (
            <li key={id} className="rounded-full bg-slate-100 px-3 py-1 text-lg font-semibold dark:bg-slate-800">
              {nameOf(id)}
            </li>
          ))}
          {n > shown.length && <li className="px-2 py-1 text-lg text-slate-600 dark:text-slate-400">and {n - shown.length} more</li>}
        </ul>
      )}
    </div>
  );
}
