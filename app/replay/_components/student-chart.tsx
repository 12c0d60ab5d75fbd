"use client";
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import { ChartTooltipCard } from "@/app/_components/pictures/chart-tooltip";
import { decadeTicks, formatAlpha, formatNumber } from "@/app/_components/pictures/format-number";
import { CHART_GRID, NUMBER_AXIS, SERIES_MARGIN, xAxisTitle, yAxisTitle } from "@/app/_components/pictures/chart-axes";
import { PICTURE_COLORS } from "@/app/_components/pictures/picture-colors";
import type { StudentRound } from "./student-rounds";

type Row = { round: number; best: number | null; guess: number | null; loss: number | null; diverged: boolean; score: number };

function RoundTooltip({ active, payload }: TooltipContentProps) {
  const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
  if (!row) return null;
  return (
    <ChartTooltipCard title={`Round ${row.round}`}>
      <span>guess α = {formatAlpha(row.guess)}</span>
      <span>best α = {formatAlpha(row.best)}</span>
      {row.guess !== null && <span>{row.diverged ? "diverged" : `loss after: ${formatNumber(row.loss, 4)}`}</span>}
      <span>score {row.score}</span>
    </ChartTooltipCard>
  );
}

/** Powers of ten, or 1-2-5 steps when the range spans less than about two decades (one tick says nothing). */
function logTicks(lo: number, hi: number): number[] {
  const decades = decadeTicks(lo, hi);
  if (decades.length >= 3) return decades;
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** e).toPrecision(1));
      if (v >= lo && v <= hi) ticks.push(v);
    }
  return ticks;
}

/** The student's α against the best α, round by round, on a log axis: did their sense of the step size improve? */
export function StudentChart({ rows }: { rows: readonly StudentRound[] }) {
  // β rounds live on another scale (1 − β); the table and the trend show them, this α axis does not.
  const data: Row[] = rows.filter((r) => r.guess === "alpha").map((r) => ({ round: r.round, best: r.bestAlpha, guess: r.alpha, loss: r.loss, diverged: r.diverged, score: r.score }));
  const values = data.flatMap((r) => [r.best, r.guess]).filter((v): v is number => v !== null && v > 0);
  if (values.length === 0 || data.length === 0) return null;
  const lo = Math.min(...values) / 1.6;
  const hi = Math.max(...values) * 1.6;
  const first = data[0].round;
  const last = data.at(-1)?.round ?? first;
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 260 }}>
      <ComposedChart data={data} margin={SERIES_MARGIN}>
        <CartesianGrid {...CHART_GRID} />
        <XAxis
          {...NUMBER_AXIS}
          dataKey="round"
          domain={[first - 0.5, last + 0.5]}
          ticks={data.length <= 20 ? data.map((r) => r.round) : undefined}
          allowDecimals={false}
          height={36}
          label={xAxisTitle("round")}
        />
        <YAxis
          {...NUMBER_AXIS}
          scale="log"
          domain={[lo, hi]}
          ticks={logTicks(lo, hi)}
          allowDataOverflow
          tickFormatter={(v: number) => formatAlpha(v)}
          width={64}
          label={yAxisTitle("α (log scale)")}
        />
        <Tooltip content={RoundTooltip} isAnimationActive={false} />
        <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 15, color: PICTURE_COLORS.ink }} />
        <Line
          name="best α"
          dataKey="best"
          stroke={PICTURE_COLORS.accent}
          strokeWidth={3}
          dot={{ r: 4, fill: PICTURE_COLORS.accent }}
          isAnimationActive={false}
        />
        <Line
          name="their guess"
          dataKey="guess"
          stroke={PICTURE_COLORS.warn}
          strokeWidth={2}
          strokeDasharray="6 4"
          dot={{ r: 6, fill: PICTURE_COLORS.warn, stroke: PICTURE_COLORS.ink, strokeWidth: 1.5 }}
          connectNulls={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
