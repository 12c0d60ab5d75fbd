import type { RankedPlayer } from "./leaderboard-list";

// Listed 1st, 2nd, 3rd for screen readers; `order` puts first place in the middle on screen.
const PLACES = [
  { place: 1, order: "order-2", height: "h-[82%]", tone: "bg-warn text-slate-950" },
  { place: 2, order: "order-1", height: "h-[60%]", tone: "bg-slate-300 text-slate-950 dark:bg-slate-600 dark:text-white" },
  { place: 3, order: "order-3", height: "h-[45%]", tone: "bg-orange-200 text-slate-950 dark:bg-orange-900 dark:text-white" },
] as const;

const ordinal = (n: number) => `${n}${n === 1 ? "st" : n === 2 ? "nd" : n === 3 ? "rd" : "th"}`;

/** The final podium: first place in the middle and tallest. Ties show their shared rank (competition ranking). */
export function Podium({ entries }: { entries: readonly RankedPlayer[] }) {
  const top = entries.slice(0, 3);
  if (top.length === 0) return <p className="text-2xl text-slate-600 dark:text-slate-300">Nobody scored this time.</p>;
  return (
    <ol className="flex h-full min-h-0 items-end justify-center gap-4" aria-label="Podium">
      {PLACES.map(({ place, order, height, tone }) => {
        const entry = top[place - 1];
        if (!entry) return <li key={place} className={`w-1/4 ${order}`} aria-hidden />;
        return (
          <li key={place} className={`flex w-1/4 flex-col items-center justify-end gap-1 ${order} ${height}`}>
            <span className="max-w-full truncate text-center text-2xl font-bold 2xl:text-4xl">{entry.name}</span>
            <span className="text-lg tabular-nums text-slate-700 dark:text-slate-300 2xl:text-2xl">
              {entry.total.toLocaleString("en")} pts
            </span>
            <span className={`mt-1 flex w-full flex-1 items-start justify-center rounded-t-2xl pt-3 text-3xl font-black 2xl:text-5xl ${tone}`}>
              {ordinal(entry.rank)}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
