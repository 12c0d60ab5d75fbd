import { formatGuess, formatNumber, guessSymbol } from "@/app/_components/pictures/format-number";
import { VERDICT_SYMBOL, verdictLabel } from "@/app/_components/mastery/verdict-words";
import type { HostView } from "@/lib/protocol";
import type { NameOf } from "@/lib/session";

type Round = NonNullable<HostView["round"]>;

/**
 * Every guess of the current round with what it achieved, best first. Hidden until the reveal, as on the console,
 * so scrubbing through an open round does not show more than the class saw.
 */
export function GuessTable({ round, nameOf }: { round: Round | null; nameOf: NameOf }) {
  if (!round) return <p className="text-base text-slate-600 dark:text-slate-300">No round has been played yet at this point.</p>;
  if (round.status !== "revealed" || !round.results) {
    const n = round.guesses.length;
    return (
      <p className="text-base text-slate-600 dark:text-slate-300">
        {n} guess{n === 1 ? "" : "es"} in so far. They are listed here once round {round.number} is revealed.
      </p>
    );
  }
  const rows = [...round.results].sort((a, b) => a.rank - b.rank);
  const kind = round.guess;
  if (rows.length === 0) return <p className="text-base text-slate-600 dark:text-slate-300">Nobody guessed in round {round.number}.</p>;
  return (
    <div className="max-h-[26rem] min-w-0 overflow-auto">
      <table className="w-full border-collapse text-base tabular-nums" data-testid="guess-table">
        <caption className="sr-only">
          Guesses of round {round.number} ({kind === "beta" ? "momentum β" : "learning rate α"}), best first; off by: decades from the best value
        </caption>
        <thead className="sticky top-0 bg-white text-left text-sm text-slate-600 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            <th scope="col" className="py-1 pr-2 font-semibold">#</th>
            <th scope="col" className="py-1 pr-2 font-semibold">Student</th>
            <th scope="col" className="py-1 pr-2 text-right font-semibold">{guessSymbol(kind)}</th>
            <th scope="col" className="py-1 pr-2 text-right font-semibold">loss after</th>
            <th scope="col" className="py-1 pr-2 text-left font-semibold">verdict</th>
            <th scope="col" className="py-1 pr-2 text-right font-semibold" title="Decades from the best value (0 = spot on)">
              off by
            </th>
            <th scope="col" className="py-1 text-right font-semibold">score</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.playerId} className="border-t border-slate-200 dark:border-slate-700">
              <td className="py-1 pr-2 font-bold text-brand dark:text-sky-300">{r.rank}</td>
              <th scope="row" className="max-w-32 truncate py-1 pr-2 text-left font-semibold">
                {nameOf(r.playerId)}
              </th>
              <td className="py-1 pr-2 text-right">{formatGuess(kind, r.alpha)}</td>
              <td className="py-1 pr-2 text-right">{r.diverged ? <span className="text-orange-800 dark:text-orange-300">diverged</span> : formatNumber(r.loss, 4)}</td>
              <td className="py-1 pr-2 whitespace-nowrap">
                <span aria-hidden="true">{VERDICT_SYMBOL[r.verdict]} </span>
                {verdictLabel(r.verdict)}
              </td>
              <td className="py-1 pr-2 text-right">{r.calibration === null ? "–" : formatNumber(r.calibration, 2)}</td>
              <td className="py-1 text-right font-semibold">
                {r.score}
                {r.bonus > 0 && <span className="ml-1 text-sm font-normal text-slate-600 dark:text-slate-400">(+{r.bonus})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
