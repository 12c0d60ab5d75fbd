/** A leaderboard row with the name the projector may show (nickname or pseudonym, chosen by the caller). */
export type RankedPlayer = {
  playerId: string;
  name: string;
  total: number;
  rank: number;
  /** Rank before the latest reveal; null for someone who was not ranked yet. */
  previousRank: number | null;
};

function Movement({ rank, previousRank }: { rank: number; previousRank: number | null }) {
  // Arrows carry the meaning by shape and by an accessible label; colour only repeats it.
  if (previousRank === null)
    return (
      <span className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300" aria-label="new on the board">
        new
      </span>
    );
  const moved = previousRank - rank;
  if (moved > 0)
    return (
      <span className="font-semibold text-emerald-800 dark:text-emerald-300" aria-label={`up ${moved}`}>
        ▲ {moved}
      </span>
    );
  if (moved < 0)
    return (
      <span className="font-semibold text-orange-800 dark:text-orange-300" aria-label={`down ${-moved}`}>
        ▼ {-moved}
      </span>
    );
  return (
    <span className="text-slate-600 dark:text-slate-300" aria-label="same place">
      ●
    </span>
  );
}

/**
 * Top of the leaderboard with movement since the previous reveal. `showMovement` is off after the first reveal,
 * when everyone was tied at zero before and arrows would only say who scored.
 */
export function LeaderboardList({
  entries,
  limit = 5,
  showMovement = true,
}: {
  entries: readonly RankedPlayer[];
  limit?: number;
  showMovement?: boolean;
}) {
  const shown = entries.slice(0, limit);
  if (shown.length === 0)
    return <p className="text-lg text-slate-600 dark:text-slate-300">Scores appear after the first reveal.</p>;
  return (
    <ol className="flex flex-col gap-2" aria-label="Leaderboard">
      {shown.map((e) => (
        <li
          key={e.playerId}
          className="grid grid-cols-[2.5rem_minmax(0,1fr)_auto_3.5rem] items-center gap-3 rounded-xl bg-slate-100 px-3 py-2 text-xl dark:bg-slate-800"
        >
          <span className="text-center text-2xl font-bold tabular-nums text-brand dark:text-sky-300">{e.rank}</span>
          <span className="truncate font-semibold">{e.name}</span>
          <span className="tabular-nums font-semibold">{e.total.toLocaleString("en")}</span>
          <span className="text-right text-lg tabular-nums">
            {showMovement && <Movement rank={e.rank} previousRank={e.previousRank} />}
          </span>
        </li>
      ))}
    </ol>
  );
}
