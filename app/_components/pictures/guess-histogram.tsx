"use client";
import { Bar, BarChart, CartesianGrid, Cell, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import { ChartTooltipCard } from "./chart-tooltip";
import { formatAlpha } from "./format-number";
import { logBins } from "./log-bins";
import { AXIS_TICK, PICTURE_COLORS } from "./picture-colors";

type Row = { from: number; to: number; count: number; key: string; best: boolean };

function BinTooltip({ active, payload }: TooltipContentProps) {
  const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
  if (!row) return null;
  return (
    <ChartTooltipCard title={`α from ${formatAlpha(row.from)} to ${formatAlpha(row.to)}`}>
      <span>
        {row.count} guess{row.count === 1 ? "" : "es"}
      </span>
      {row.best && <span>the best α is in this range</span>}
    </ChartTooltipCard>
  );
}

/**
 * How the class guessed: counts in log-spaced bins (two per power of ten) over the session's α range.
 * The bin holding the best α is drawn in the accent colour and labelled, so the class sees how close the crowd came.
 */
export function GuessHistogram({
  alphas,
  range,
  bestAlpha,
}: {
  alphas: readonly number[];
  /** The α range students could choose from (the session's rules). */
  range: readonly [number, number];
  bestAlpha: number | null;
}) {
  const rows: Row[] = logBins(alphas, range[0], range[1]).map((b) => ({
    ...b,
    key: formatAlpha(b.from),
    best: bestAlpha !== null && bestAlpha >= b.from && bestAlpha < b.to,
  }));
  // Label only the powers of ten; the bins between them are self-explanatory and labels would overlap.
  const isDecade = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-6;
  const maxCount = Math.max(1, ...rows.map((r) => r.count));
  const bestBin = rows.find((r) => r.best);

  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 360, height: 320 }}>
      <BarChart data={rows} margin={{ top: 24, right: 12, bottom: 8, left: 0 }} barCategoryGap={2}>
        <CartesianGrid stroke={PICTURE_COLORS.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="key"
          tick={AXIS_TICK}
          stroke={PICTURE_COLORS.muted}
          interval={0}
          tickFormatter={(label: string, index: number) => (rows[index] && isDecade(rows[index].from) ? label : "")}
          height={44}
          label={{ value: "guessed α (log bins)", position: "insideBottom", offset: -2, fill: PICTURE_COLORS.muted, fontSize: 15 }}
        />
        <YAxis
          allowDecimals={false}
          domain={[0, maxCount]}
          tick={AXIS_TICK}
          stroke={PICTURE_COLORS.muted}
          width={40}
        />
        {bestBin && (
          // A band behind the best α's bin, so it shows even when nobody guessed in it.
          <ReferenceArea
            x1={bestBin.key}
            x2={bestBin.key}
            fill={PICTURE_COLORS.accent}
            fillOpacity={0.18}
            stroke={PICTURE_COLORS.accent}
            strokeOpacity={0.6}
            label={{ value: "best", position: "insideTop", fill: PICTURE_COLORS.accentText, fontSize: 15, fontWeight: 700 }}
          />
        )}
        <Tooltip content={BinTooltip} isAnimationActive={false} cursor={{ fill: PICTURE_COLORS.grid, opacity: 0.5 }} />
        <Bar
          dataKey="count"
          name="guesses"
          isAnimationActive={false}
          radius={[4, 4, 0, 0]}
          label={{ position: "top", fill: PICTURE_COLORS.ink, fontSize: 15, formatter: (v: unknown) => (v ? String(v) : "") }}
        >
          {rows.map((r) => (
            <Cell key={r.key} fill={r.best ? PICTURE_COLORS.accent : PICTURE_COLORS.series} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
