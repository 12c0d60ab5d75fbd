"use client";
import { AlphaCurveChart, type AlphaGuessDot } from "@/app/_components/pictures/alpha-curve-chart";
import { AlphaCurveLegend } from "@/app/_components/pictures/alpha-curve-legend";
import { formatAlpha, formatGuess, formatNumber, guessSymbol } from "@/app/_components/pictures/format-number";
import { ClassInsightPanel } from "@/app/_components/mastery/class-insight-panel";
import { GuessHistogram } from "@/app/_components/pictures/guess-histogram";
import { ExplainButton } from "@/app/_components/panels/explain-button";
import type { HostView, RoundReveal } from "@/lib/protocol";

type Round = NonNullable<HostView["round"]>;

/**
 * The console fills a projector, so its pictures share the stage's height side by side; the replay may be read on a
 * phone, so its pictures stack at fixed heights until md. The replay has no "What am I looking at?" on this stage.
 */
const LAYOUTS = {
  console: {
    root: "flex h-full min-h-0 flex-col gap-2",
    title: "text-xl font-bold 2xl:text-3xl",
    summary: "text-base text-slate-700 dark:text-slate-300 2xl:text-xl",
    grid: "grid min-h-0 flex-1 grid-cols-[minmax(0,1.75fr)_minmax(0,1fr)] gap-4",
    curve: "min-h-0 flex-1",
    histogram: "min-h-0 flex-1",
    explain: true,
  },
  replay: {
    root: "flex min-h-0 flex-col gap-2 md:h-full",
    title: "text-2xl font-bold 2xl:text-3xl",
    summary: "text-lg text-slate-700 dark:text-slate-300",
    grid: "grid gap-3 md:min-h-0 md:flex-1 md:grid-cols-[minmax(0,1.75fr)_minmax(0,1fr)]",
    curve: "h-72 min-h-0 md:h-auto md:flex-1",
    histogram: "h-56 min-h-0 md:h-auto md:flex-1",
    explain: false,
  },
} as const;

/** The reveal, live on the console and in the replay: every guess on the loss-versus-α curve, and how the class's guesses spread. */
export function RevealStage({
  round,
  reveal,
  nameOf,
  alphaRange,
  layout = "console",
}: {
  round: Round;
  reveal: RoundReveal;
  nameOf: (playerId: string) => string;
  alphaRange: readonly [number, number];
  layout?: keyof typeof LAYOUTS;
}) {
  const look = LAYOUTS[layout];
  const results = round.results ?? [];
  const dots: AlphaGuessDot[] = results.map((r) => ({
    playerId: r.playerId,
    name: nameOf(r.playerId),
    alpha: r.alpha,
    loss: r.loss,
    diverged: r.diverged,
  }));
  const diverged = results.filter((r) => r.diverged).length;
  const winner = [...results].sort((a, b) => a.rank - b.rank)[0];
  // In a β round the α-named fields hold β (see lib/session/events.ts); α is the round's fixed one.
  const kind = reveal.guess;
  const sym = guessSymbol(kind);
  const fmt = (v: number | null) => formatGuess(kind, v);

  return (
    <div className={look.root}>
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
        <h2 className={look.title}>
          Round {round.number}: how good was each {sym}?
          {kind === "beta" && <span className="font-semibold"> (momentum, α = {formatAlpha(reveal.fixedAlpha)})</span>}
        </h2>
        <p className={look.summary} data-testid="reveal-summary">
          best {sym} ≈ <strong className="text-slate-950 dark:text-white">{fmt(reveal.bestAlpha)}</strong> (loss{" "}
          {formatNumber(reveal.lossBefore)} → {formatNumber(reveal.bestLoss)}) · class median{" "}
          <strong className="text-slate-950 dark:text-white">{fmt(reveal.medianAlpha)}</strong> · {reveal.guessCount} guess
          {reveal.guessCount === 1 ? "" : "es"}
          {diverged > 0 ? ` · ${diverged} diverged` : ""}
          {winner ? ` · closest: ${nameOf(winner.playerId)}` : ""}
        </p>
        {look.explain && (
          <span className="ml-auto">
            <ExplainButton topic={kind === "beta" ? "reveal-beta" : "reveal"} />
          </span>
        )}
      </div>
      {round.insight && <ClassInsightPanel insight={round.insight} size={layout} />}
      <div className={look.grid}>
        <figure
          className="flex min-h-0 flex-col"
          aria-label={kind === "beta" ? "Loss after the steps for every momentum β, with the guesses" : "Loss after the step for every learning rate, with the guesses"}
        >
          <div className={look.curve} data-testid="alpha-curve">
            <AlphaCurveChart reveal={reveal} guesses={dots} />
          </div>
          <AlphaCurveLegend symbol={sym} />
        </figure>
        <figure className="flex min-h-0 flex-col" aria-label="Histogram of the guesses">
          <div className={look.histogram} data-testid="guess-histogram">
            <GuessHistogram alphas={results.map((r) => r.alpha)} range={alphaRange} bestAlpha={reveal.bestAlpha} guess={kind} />
          </div>
          <figcaption className="text-base text-slate-700 dark:text-slate-300">How the class guessed (green band: where the best {sym} lies)</figcaption>
        </figure>
      </div>
    </div>
  );
}
