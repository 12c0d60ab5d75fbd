"use client";
import { AlphaCurveChart, type AlphaGuessDot } from "@/app/_components/pictures/alpha-curve-chart";
import { AlphaCurveLegend } from "@/app/_components/pictures/alpha-curve-legend";
import { formatAlpha, formatNumber } from "@/app/_components/pictures/format-number";
import { GuessHistogram } from "@/app/_components/pictures/guess-histogram";
import type { HostView, RoundReveal } from "@/lib/protocol";
import { ExplainButton } from "@/app/_components/panels/explain-button";

type Round = NonNullable<HostView["round"]>;

/** The reveal: every guess on the loss-versus-α curve, and how the class's guesses spread. */
export function RevealStage({
  round,
  reveal,
  nameOf,
  alphaRange,
}: {
  round: Round;
  reveal: RoundReveal;
  nameOf: (playerId: string) => string;
  alphaRange: readonly [number, number];
}) {
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

  return (
    <div className="flex h-full min-h-0 flex-col gap-2">
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
        <h2 className="text-xl font-bold 2xl:text-3xl">Round {round.number}: how good was each α?</h2>
        <p className="text-base text-slate-700 dark:text-slate-300 2xl:text-xl" data-testid="reveal-summary">
          best α ≈ <strong className="text-slate-950 dark:text-white">{formatAlpha(reveal.bestAlpha)}</strong> (loss{" "}
          {formatNumber(reveal.lossBefore)} → {formatNumber(reveal.bestLoss)}) · class median{" "}
          <strong className="text-slate-950 dark:text-white">{formatAlpha(reveal.medianAlpha)}</strong> · {reveal.guessCount} guess
          {reveal.guessCount === 1 ? "" : "es"}
          {diverged > 0 ? ` · ${diverged} diverged` : ""}
          {winner ? ` · closest: ${nameOf(winner.playerId)}` : ""}
        </p>
        <span className="ml-auto">
          <ExplainButton topic="reveal" />
        </span>
      </div>
      <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,1.75fr)_minmax(0,1fr)] gap-4">
        <figure className="flex min-h-0 flex-col" aria-label="Loss after the step for every learning rate, with the guesses">
          <div className="min-h-0 flex-1" data-testid="alpha-curve">
            <AlphaCurveChart reveal={reveal} guesses={dots} />
          </div>
          <AlphaCurveLegend />
        </figure>
        <figure className="flex min-h-0 flex-col" aria-label="Histogram of the guesses">
          <div className="min-h-0 flex-1" data-testid="guess-histogram">
            <GuessHistogram alphas={results.map((r) => r.alpha)} range={alphaRange} bestAlpha={reveal.bestAlpha} />
          </div>
          <figcaption className="text-base text-slate-700 dark:text-slate-300">How the class guessed (green band: where the best α lies)</figcaption>
        </figure>
      </div>
    </div>
  );
}
