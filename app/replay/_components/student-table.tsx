import { formatGuess, formatNumber, guessSymbol } from "@/app/_components/pictures/format-number";
import { VERDICT_SYMBOL, verdictLabel } from "@/app/_components/mastery/verdict-words";
import type { StudentRound } from "./student-rounds";

const TH = "px-2 py-1 font-semibold";

/** A student's rounds: guess against the best α, the loss it reached, the score, and where that put them. */
export function StudentTable({ rows, name, currentRound }: { rows: readonly StudentRound[]; name: string; currentRound: number | null }) {
  if (rows.length === 0) return <p className="text-base text-slate-600 dark:text-slate-300">No round was scored in this session.</p>;
  return (
    <div className="max-h-[22rem] min-w-0 overflow-auto">
      <table className="w-full border-collapse text-base tabular-nums" data-testid="student-table">
        <caption className="sr-only">Rounds of {name}</caption>
        <thead className="sticky top-0 bg-white text-right text-sm text-slate-600 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            <th scope="col" className={`${TH} text-left`}>Round</th>
            <th scope="col" className={TH}>guess</th>
            <th scope="col" className={TH}>best</th>
            <th scope="col" className={TH}>loss after</th>
            <th scope="col" className={`${TH} text-left`}>verdict</th>
            <th scope="col" className={TH} title="Decades from the best value (0 = spot on)">off by</th>
            <th scope="col" className={TH}>score</th>
            <th scope="col" className={TH} title="Rank among this round's guesses">round rank</th>
            <th scope="col" className={TH}>total</th>
            <th scope="col" className={TH} title="Place on the leaderboard after the reveal">overall</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const current = r.round === currentRound;
            return (
              <tr
                key={r.round}
                aria-current={current ? "true" : undefined}
                className={`border-t border-slate-200 text-right dark:border-slate-700 ${current ? "bg-sky-50 dark:bg-slate-800" : ""}`}
              >
                <th scope="row" className="px-2 py-1 text-left font-semibold">
                  {r.round}
                  {r.k > 1 && <span className="ml-1 text-sm font-normal text-slate-600 dark:text-slate-400">({r.k} steps)</span>}
                  {r.guess === "beta" && <span className="ml-1 text-sm font-normal text-slate-600 dark:text-slate-400">β round</span>}
                </th>
                {r.alpha === null ? (
                  <td colSpan={5} className="px-2 py-1 text-center text-slate-600 dark:text-slate-400">
                    no guess
                  </td>
                ) : (
                  <>
                    <td className="px-2 py-1 font-semibold">
                      {guessSymbol(r.guess)} {formatGuess(r.guess, r.alpha)}
                    </td>
                    <td className="px-2 py-1">{formatGuess(r.guess, r.bestAlpha)}</td>
                    <td className="px-2 py-1">{r.diverged ? <span className="text-orange-800 dark:text-orange-300">diverged</span> : formatNumber(r.loss, 4)}</td>
                    <td className="px-2 py-1 text-left whitespace-nowrap">
                      {r.verdict && (
                        <>
                          <span aria-hidden="true">{VERDICT_SYMBOL[r.verdict]} </span>
                          {verdictLabel(r.verdict)}
                        </>
                      )}
                    </td>
                    <td className="px-2 py-1">{r.calibration === null ? "–" : formatNumber(r.calibration, 2)}</td>
                  </>
                )}
                <td className="px-2 py-1 font-semibold">{r.score}</td>
                <td className="px-2 py-1">{r.roundRank === null ? "–" : `${r.roundRank} of ${r.guessCount}`}</td>
                <td className="px-2 py-1">{r.total ?? "–"}</td>
                <td className="px-2 py-1 font-semibold">{r.revealed ? (r.rank ?? "–") : <span className="text-sm font-normal">not revealed</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
