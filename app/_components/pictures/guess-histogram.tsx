"use client";
import { Bar, BarChart, CartesianGrid, Cell, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import { ChartTooltipCard } from "./chart-tooltip";
import { formatAlpha, formatBeta } from "./format-number";
import { logBins } from "./log-bins";
import { AXIS_TICK, PICTURE_COLORS } from "./picture-colors";

/** `from`/`to` are the guessed values (α, or β) at the bin's left and right edges; `decade` marks a labelled edge. */
type Row = { from: number; to: number; count: number; key: string; best: boolean; decade: boolean; symbol: string };

const isDecade = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-6;

/**
 * α bins are log-spaced over the session's range; β bins are log-spaced on 1 − β over 0 … 0.999 and listed in reverse,
 * so β grows rightwards and 0.9 → 0.99 gets as much room as 0 → 0.9.
 */
function binsOf(guess: "alpha" | "beta", values: readonly number[], range: readonly [number, number], best: number | null): Row[] {
  if (guess === "beta") {
    const rests = logBins(values.map((b) => 1 - b), 1e-3, 1).reverse();
    return rests.map((b) => ({
      from: 1 - b.to,
      to: 1 - b.from,
      count: b.count,
      key: formatBeta(1 - b.to),
      best: best !== null && 1 - best >= b.from && 1 - best < b.to,
      decade: isDecade(b.to),
      symbol: "β",
    }));
  }
  return logBins(values, range[0], range[1]).map((b) => ({
    ...b,
    key: formatAlpha(b.from),
    best: best !== null && best >= b.from && best < b.to,
    decade: isDecade(b.from),
    symbol: "α",
  }));
}

function BinTooltip({ active, payload }: TooltipContentProps) {
  const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
  if (!row) return null;
  const fmt = row.symbol === "β" ? formatBeta : formatAlpha;
  return (
    <ChartTooltipCard title={`${row.symbol} from ${fmt(row.from)} to ${fmt(row.to)}`}>
      <span>
        {row.count} guess{row.count === 1 ? "" : "es"}
      </span>
      {row.best && <span>the best {row.symbol} is in this range</span>}
    </ChartTooltipCard>
  );
}

/**
 * How the class guessed: counts in log-spaced bins (two per power of ten) over the session's α range (or over β).
 * The bin holding the best value is drawn in the accent colour and labelled, so the class sees how close the crowd came.
 */
export function GuessHistogram({
  alphas,
  range,
  bestAlpha,
  guess = "alpha",
}: {
  /** The guesses: α, or β in a β round. */
  alphas: readonly number[];
  /** The α range students could choose from (the session's rules); a β round always spans 0 … 0.999. */
  range: readonly [number, number];
  bestAlpha: number | null;
  guess?: "alpha" | "beta";
}) {
  const rows = binsOf(guess, alphas, range, bestAlpha);
  const maxCount = Math.max(1, ...rows.map((r) => r.count));
  // Headroom above the tallest bar, so its count and the best band's label stack instead of overlapping.
  const yTop = maxCount + Math.max(1, Math.ceil(maxCount * 0.15));
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
          // Label only the powers of ten (of 1 − β for β); the bins between them are self-explanatory.
          tickFormatter={(label: string, index: number) => (rows[index]?.decade ? label : "")}
          height={44}
          label={{ value: guess === "beta" ? "guessed β (log bins of 1 − β)" : "guessed α (log bins)", position: "insideBottom", offset: -2, fill: PICTURE_COLORS.muted, fontSize: 15 }}
        />
        <YAxis
          allowDecimals={false}
          domain={[0, yTop]}
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
