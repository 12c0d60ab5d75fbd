"use client";
import { useId, useMemo, useState } from "react";
import { LabelledSelect } from "@/app/_components/ui/labelled-select";
import { displayName, trendOf, type SessionState } from "@/lib/session";
import { StudentChart } from "./student-chart";
import { studentChoices, studentRounds } from "./student-rounds";
import { StudentTable } from "./student-table";

/**
 * Follow one student through the whole session: their guesses, losses, scores and rank, as a table and a chart.
 * It needs the whole log folded (ranks after every reveal), so it appears once the background fold is done.
 */
export function StudentSection({
  final,
  ranksAfter,
  anonymise,
  currentRound,
}: {
  final: SessionState | null;
  ranksAfter: ReadonlyMap<number, ReadonlyMap<string, number>>;
  anonymise: boolean;
  currentRound: number | null;
}) {
  const headingId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const lastRevealed = final ? [...final.rounds].reverse().find((r) => r.status === "revealed") : undefined;
  const finalRanks = lastRevealed ? ranksAfter.get(lastRevealed.number) : undefined;
  const choices = useMemo(() => (final ? studentChoices(final, finalRanks ?? new Map()) : []), [final, finalRanks]);
  const playerId = chosen ?? choices[0]?.id ?? null;
  const rows = useMemo(() => (final && playerId ? studentRounds(final, ranksAfter, playerId) : []), [final, ranksAfter, playerId]);
  // The same reading the phone showed after the last reveal: lib/session's trend over the whole folded session.
  const trend = useMemo(() => (final && playerId ? trendOf(playerId, final.rounds) : null), [final, playerId]);
  const display = (c: (typeof choices)[number]) => `${displayName(c, anonymise)}${c.kicked ? " (removed)" : ""}`;
  const current = choices.find((c) => c.id === playerId);

  return (
    <section aria-labelledby={`${headingId}-heading`} className="rounded-2xl border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <header className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-2">
        <h2 id={`${headingId}-heading`} className="text-lg font-bold">
          Follow a student
        </h2>
        {choices.length > 0 && (
          <LabelledSelect label="Student" labelClassName="text-base" selectClassName="min-h-10 max-w-64" value={playerId ?? ""} onChange={setChosen}>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {display(c)}
              </option>
            ))}
          </LabelledSelect>
        )}
      </header>
      {!final ? (
        <p role="status" className="text-base text-slate-600 dark:text-slate-300">
          Reading the whole session…
        </p>
      ) : choices.length === 0 ? (
        <p className="text-base text-slate-600 dark:text-slate-300">Nobody joined this session.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <p className="text-lg lg:col-span-2" data-testid="student-trend">
            {trend ? (
              <>
                <strong>{trend.sentence}</strong>
                {trend.decades.length > 1 && (
                  <span className="ml-2 text-base text-slate-700 dark:text-slate-300">
                    Decades from the best, round by round: {trend.decades.map((d) => (d < 0.1 ? d.toFixed(2) : d.toFixed(1))).join(" → ")}
                  </span>
                )}
              </>
            ) : (
              <span className="text-slate-600 dark:text-slate-300">No answered round was revealed, so there is no trend.</span>
            )}
          </p>
          <StudentTable rows={rows} name={current ? display(current) : ""} currentRound={currentRound} />
          {rows.some((r) => r.alpha !== null && r.guess === "alpha") && (
            <figure className="h-64 min-w-0 lg:h-auto lg:min-h-64" aria-label="Their guesses against the best α, round by round" data-testid="student-chart">
              <StudentChart rows={rows} />
            </figure>
          )}
        </div>
      )}
    </section>
  );
}
