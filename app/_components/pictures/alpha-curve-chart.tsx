"use client";
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ScatterShapeProps, TooltipContentProps } from "recharts";
import type { RoundReveal } from "@/lib/protocol";
import { ChartTooltipCard } from "./chart-tooltip";
import { decadeTicks, formatAlpha, formatBeta, formatNumber } from "./format-number";
import { CHART_GRID, NUMBER_AXIS, yAxisTitle } from "./chart-axes";
import { PICTURE_COLORS } from "./picture-colors";

/** One student's guess, already scored. `name` is whatever the projector may show (nickname or pseudonym). */
export type AlphaGuessDot = {
  playerId: string;
  name: string;
  alpha: number;
  loss: number | null;
  diverged: boolean;
};

/** `x` is where a row sits on the log axis: α itself, or 1 − β in a β round (drawn reversed, β growing rightwards). */
type CurveRow = { kind: "curve"; alpha: number; x: number; loss: number | null; diverged: boolean; symbol: string };
type DotRow = AlphaGuessDot & { kind: "guess"; x: number; y: number; clipped: boolean; symbol: string };

/** β's labelled stops: equal steps on 1 − β, where momentum's effect lives (its memory is about 1 / (1 − β) steps). */
export const BETA_TICKS = [0, 0.5, 0.9, 0.95, 0.99, 0.999] as const;

/** How the chart places and names the guessed value: α on a log axis, β on a reversed log axis of 1 − β. */
function axisOf(guess: RoundReveal["guess"]) {
  if (guess === "beta")
    return {
      symbol: "β",
      toX: (v: number) => 1 - v,
      format: formatBeta,
      ticks: (lo: number, hi: number) => BETA_TICKS.map((b) => 1 - b).filter((x) => x >= lo * (1 - 1e-9) && x <= hi * (1 + 1e-9)),
      title: "momentum β (log scale on 1 − β)",
      reversed: true,
    };
  return {
    symbol: "α",
    toX: (v: number) => v,
    format: formatAlpha,
    ticks: decadeTicks,
    title: "learning rate α (log scale)",
    reversed: false,
  };
}

/** How far above the starting loss the axis goes: enough to see "worse than before", not so far the dip vanishes. */
const TOP_OVER_START = 1.6;

function yWindow(reveal: RoundReveal, guesses: readonly AlphaGuessDot[]): [number, number] {
  const finite = [
    ...reveal.curve.filter((p) => !p.diverged && p.loss !== null).map((p) => p.loss as number),
    ...guesses.filter((g) => !g.diverged && g.loss !== null).map((g) => g.loss as number),
  ].filter(Number.isFinite);
  const highest = finite.length ? Math.max(...finite) : reveal.lossBefore;
  const top = Math.min(Math.max(highest, reveal.lossBefore) * 1.05, reveal.lossBefore * TOP_OVER_START);
  const lowest = Math.min(reveal.bestLoss ?? reveal.lossBefore, ...finite);
  // Zoom onto the interesting part: the dip below the starting loss, with a little room under its bottom.
  const bottom = Math.max(0, lowest - 0.12 * (top - lowest));
  return [bottom, top > bottom ? top : bottom + 1];
}

function GuessMarker(props: ScatterShapeProps) {
  const row = props.payload as DotRow | undefined;
  const { cx, cy } = props;
  if (!row || cx === undefined || cy === undefined) return null;
  if (row.clipped) {
    // Off the chart (diverged or far worse): a triangle pointing up, pinned to the top edge.
    return (
      <path
        d={`M${cx},${cy - 2} l8,14 h-16 z`}
        fill={PICTURE_COLORS.negative}
        stroke={PICTURE_COLORS.surface}
        strokeWidth={1.5}
      />
    );
  }
  return <circle cx={cx} cy={cy} r={8} fill={PICTURE_COLORS.warn} stroke={PICTURE_COLORS.ink} strokeWidth={1.5} fillOpacity={0.9} />;
}

function CurveTooltip({ active, payload }: TooltipContentProps) {
  const row = active ? (payload?.[0]?.payload as CurveRow | DotRow | undefined) : undefined;
  if (!row) return null;
  if (row.kind === "guess")
    return (
      <ChartTooltipCard title={row.name}>
        <span>
          {row.symbol} = {row.symbol === "β" ? formatBeta(row.alpha) : formatAlpha(row.alpha)}
        </span>
        <span>{row.diverged ? "diverged: the loss blew up" : `loss after: ${formatNumber(row.loss, 4)}`}</span>
      </ChartTooltipCard>
    );
  return (
    <ChartTooltipCard title={row.symbol === "β" ? `β = ${formatBeta(row.alpha)}` : `α = ${formatAlpha(row.alpha)}`}>
      <span>{row.diverged ? "diverges" : `loss after: ${formatNumber(row.loss, 4)}`}</span>
    </ChartTooltipCard>
  );
}

/**
 * The reveal: loss reached after k steps as a function of α (log axis), every guess as a dot on it, the best α as a
 * vertical line and the starting loss as a horizontal one. Guesses that diverged sit on the top edge as triangles.
 * In a β round the same picture is drawn against β (the α-named fields hold β).
 */
export function AlphaCurveChart({ reveal, guesses }: { reveal: RoundReveal; guesses: readonly AlphaGuessDot[] }) {
  const [bottom, top] = yWindow(reveal, guesses);
  const axis = axisOf(reveal.guess);
  const curve: CurveRow[] = reveal.curve.map((p) => ({
    kind: "curve",
    alpha: p.alpha,
    x: axis.toX(p.alpha),
    symbol: axis.symbol,
    diverged: p.diverged,
    // Diverged α leave a gap in the line rather than a spike that squashes everything else.
    loss: p.diverged || p.loss === null ? null : p.loss,
  }));
  const dots: DotRow[] = guesses.map((g) => {
    const clipped = g.diverged || g.loss === null || g.loss > top;
    return { ...g, kind: "guess", x: axis.toX(g.alpha), symbol: axis.symbol, clipped, y: clipped ? top : (g.loss as number) };
  });
  // A β of exactly 1 cannot be a guess (the limit is 0.999); the floor only keeps the log axis finite.
  const alphas = [...curve.map((p) => p.x), ...dots.map((d) => d.x)].filter((x) => x > 0);
  const lo = Math.min(...alphas);
  const hi = Math.max(...alphas);

  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 320 }}>
      <ComposedChart margin={{ top: 24, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid {...CHART_GRID} />
        <XAxis
          {...NUMBER_AXIS}
          dataKey="x"
          scale="log"
          domain={[lo, hi]}
          reversed={axis.reversed}
          ticks={axis.ticks(lo, hi)}
          // toX is its own inverse (identity, or 1 − x), so a tick's x maps back to the value it labels.
          tickFormatter={(v: number) => axis.format(axis.toX(v))}
          allowDataOverflow
          height={44}
          label={{ value: axis.title, position: "insideBottom", offset: -2, fill: PICTURE_COLORS.muted, fontSize: 15 }}
        />
        <YAxis
          {...NUMBER_AXIS}
          domain={[bottom, top]}
          allowDataOverflow
          tickFormatter={(v: number) => formatNumber(v, 2)}
          width={70}
          label={yAxisTitle(`loss after ${reveal.k} step${reveal.k === 1 ? "" : "s"}`, 15)}
        />
        <ReferenceLine
          y={reveal.lossBefore}
          stroke={PICTURE_COLORS.muted}
          strokeDasharray="6 4"
          label={{ value: "loss now", position: "insideTopLeft", fill: PICTURE_COLORS.muted, fontSize: 14 }}
        />
        {reveal.bestAlpha !== null && (
          <ReferenceLine
            x={axis.toX(reveal.bestAlpha)}
            stroke={PICTURE_COLORS.accent}
            strokeWidth={3}
            label={{
              value: `best ${axis.symbol} ≈ ${axis.format(reveal.bestAlpha)}`,
              position: "top",
              fill: PICTURE_COLORS.accentText,
              fontSize: 16,
              fontWeight: 700,
            }}
          />
        )}
        <Tooltip content={CurveTooltip} isAnimationActive={false} shared={false} cursor={false} />
        <Line
          data={curve}
          dataKey="loss"
          name="loss after k steps"
          stroke={PICTURE_COLORS.series}
          strokeWidth={3}
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
        <Scatter data={dots} dataKey="y" name="guesses" shape={GuessMarker} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
