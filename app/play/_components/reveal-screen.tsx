import type { StudentView, Verdict } from "@/lib/protocol";
import { formatAlpha, formatGuess, guessSymbol } from "@/app/_components/pictures/format-number";
import { decadesText } from "@/app/_components/mastery/verdict-words";
import { formatLoss, formatPoints } from "../_lib/format";
import { verdictText } from "../_lib/verdict-text";
import { LeaderboardList } from "./leaderboard-list";
import { LossCurve } from "./loss-curve";
import { TrendCard } from "./trend-card";

type Reveal = NonNullable<StudentView["reveal"]>;

// The verdict's tone comes with a symbol and words; colour only adds to them.
const verdictLook: Record<Verdict, { symbol: string; box: string }> = {
  "about-right": { symbol: "✓", box: "border-accent bg-emerald-50" },
  "too-small": { symbol: "↓", box: "border-positive bg-sky-50" },
  "too-large": { symbol: "↑", box: "border-warn bg-amber-50" },
  diverged: { symbol: "✕", box: "border-negative bg-orange-50" },
  "no-guess": { symbol: "–", box: "border-slate-400 bg-slate-100" },
};

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-sm text-slate-700 dark:text-slate-300">{label}</dt>
      <dd className="text-2xl font-bold tabular-nums">{value}</dd>
      {note ? <dd className="text-sm text-slate-700 dark:text-slate-300">{note}</dd> : null}
    </div>
  );
}

/** After the reveal: what my α (or β) did, how close it came, my trend, how it scored, the loss curve, and the leaderboard. */
export function RevealScreen({ view, reveal }: { view: StudentView; reveal: Reveal }) {
  const { mine, verdict } = reveal;
  const kind = reveal.guess;
  const text = verdictText(verdict, reveal.k, kind);
  const look = verdictLook[verdict];
  const sym = guessSymbol(kind);
  const fmt = (v: number) => formatGuess(kind, v);
  return (
    <section aria-labelledby="reveal-title" className="flex flex-col gap-4">
      <div className={`rounded-2xl border-l-8 p-4 text-ink ${look.box}`}>
        <p className="text-sm font-semibold uppercase tracking-wide">Round {reveal.round} result</p>
        <h1 id="reveal-title" className="flex items-center gap-2 text-3xl font-bold">
          <span aria-hidden="true">{look.symbol}</span>
          {text.title}
        </h1>
        <p className="mt-1 text-lg">{text.sentence}</p>
        {reveal.calibration !== null ? (
          <p className="mt-1 text-lg font-semibold" data-testid="my-calibration">
            Your {sym} was {decadesText(reveal.calibration)}.
          </p>
        ) : null}
      </div>

      {view.me.trend ? <TrendCard trend={view.me.trend} calibrationRank={view.me.calibrationRank} players={view.session.playerCount} /> : null}

      <dl className="grid grid-cols-2 gap-2">
        {mine ? (
          <>
            <Stat label={`Your ${sym}`} value={fmt(mine.alpha)} note={`loss ${formatLoss(mine.diverged ? null : mine.loss)}`} />
            <Stat
              label="Score"
              value={`+${formatPoints(mine.score)}`}
              note={mine.bonus > 0 ? `${formatPoints(mine.baseScore)} + ${formatPoints(mine.bonus)} speed bonus` : undefined}
            />
            <Stat label="This round" value={`#${mine.rank}`} note={`of ${reveal.guessCount} ${reveal.guessCount === 1 ? "guess" : "guesses"}`} />
          </>
        ) : (
          <Stat label="Score" value="+0" note="no guess" />
        )}
        <Stat
          label="Total"
          value={formatPoints(view.me.total)}
          note={view.me.rank !== null ? `rank #${view.me.rank} of ${view.session.playerCount}` : undefined}
        />
        {reveal.bestAlpha !== null ? (
          <Stat label={`Best ${sym}`} value={fmt(reveal.bestAlpha)} note={`loss ${formatLoss(reveal.bestLoss)}`} />
        ) : null}
        {kind === "beta" ? <Stat label="Fixed α" value={formatAlpha(reveal.fixedAlpha)} note="the same for every β" /> : null}
        <Stat label="Loss at the start" value={formatLoss(reveal.lossBefore)} note="before this round's steps" />
      </dl>

      <LossCurve kind={kind} reveal={reveal} mine={mine ? { alpha: mine.alpha, loss: mine.loss, diverged: mine.diverged } : null} />

      <LeaderboardList view={view} />
      <p className="text-center text-base text-slate-700 dark:text-slate-300">Waiting for the next round…</p>
    </section>
  );
}
