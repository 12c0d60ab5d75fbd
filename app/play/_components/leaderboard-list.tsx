import type { StudentView } from "@/lib/protocol";
import { formatPoints } from "../_lib/format";

type Entry = StudentView["leaderboard"][number];

function movement(entry: Entry) {
  if (entry.previousRank === null || entry.previousRank === entry.rank) return null;
  const up = entry.previousRank > entry.rank;
  const by = Math.abs(entry.previousRank - entry.rank);
  return (
    <span className="text-sm font-semibold text-slate-700 dark:text-slate-300">
      <span aria-hidden="true">{up ? "▲" : "▼"}</span>
      {by}
      <span className="sr-only">{up ? ` place${by === 1 ? "" : "s"} up` : ` place${by === 1 ? "" : "s"} down`}</span>
    </span>
  );
}

/** Top 5 by total. This phone's row is marked with a border and the word "you", not colour alone. */
export function LeaderboardList({ view, title = "Leaderboard" }: { view: StudentView; title?: string }) {
  const { leaderboard, me, session } = view;
  const meShown = leaderboard.some((e) => e.isMe);
  return (
    <section aria-labelledby="leaderboard-title" className="flex flex-col gap-2">
      <h2 id="leaderboard-title" className="text-lg font-semibold">
        {title}
      </h2>
      <ol className="flex flex-col gap-1.5">
        {leaderboard.map((entry) => (
          <li
            key={`${entry.rank}-${entry.nickname}`}
            aria-current={entry.isMe ? "true" : undefined}
            className={`flex min-h-11 items-center gap-3 rounded-xl px-3 ${
              entry.isMe
                ? "border-2 border-brand bg-sky-50 font-bold dark:border-sky-300 dark:bg-slate-800"
                : "border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
            }`}
          >
            <span className="w-8 shrink-0 text-right tabular-nums">#{entry.rank}</span>
            <span className="min-w-0 flex-1 truncate">
              {entry.nickname}
              {entry.isMe ? <span className="ml-2 rounded bg-brand px-1.5 py-0.5 text-xs text-white uppercase">you</span> : null}
            </span>
            {movement(entry)}
            <span className="tabular-nums">{formatPoints(entry.total)}</span>
          </li>
        ))}
      </ol>
      {!meShown && me.rank !== null ? (
        <p className="flex min-h-11 items-center gap-3 rounded-xl border-2 border-dashed border-brand px-3 font-bold dark:border-sky-300">
          <span className="w-8 shrink-0 text-right tabular-nums">#{me.rank}</span>
          <span className="min-w-0 flex-1 truncate">You ({me.nickname})</span>
          <span className="tabular-nums">{formatPoints(me.total)}</span>
        </p>
      ) : null}
      <p className="text-sm text-slate-700 dark:text-slate-300">{session.playerCount} {session.playerCount === 1 ? "player" : "players"} in total.</p>
    </section>
  );
}
