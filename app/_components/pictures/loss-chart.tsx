"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import type { LossPoint } from "@/lib/protocol";
import { ChartTooltipCard } from "./chart-tooltip";
import { formatAlpha, formatNumber } from "./format-number";
import { CHART_GRID, NUMBER_AXIS, SERIES_MARGIN, xAxisTitle, yAxisTitle } from "./chart-axes";
import { PICTURE_COLORS } from "./picture-colors";
import { POLICY_WORDS } from "./policy-words";

type Row = {
  step: number;
  train: number;
  test: number | null;
  alpha: number | null;
  policy: LossPoint["policy"];
};

/** Losses spanning more than this factor are drawn on a log axis, or the early steps flatten everything else. */
const LOG_AXIS_RATIO = 50;

function LossTooltip({ active, payload }: TooltipContentProps) {
  const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
  if (!row) return null;
  return (
    <ChartTooltipCard title={row.policy === "reset" ? `Reset at step ${row.step}` : `Step ${row.step}`}>
      <span>train loss {formatNumber(row.train, 4)}</span>
      {row.test !== null && <span>test loss {formatNumber(row.test, 4)}</span>}
      {row.alpha !== null && (
        <span>
          α = {formatAlpha(row.alpha)}
          {row.policy ? ` (${POLICY_WORDS[row.policy]})` : ""}
        </span>
      )}
      {row.alpha === null && row.policy === null && <span>starting weights</span>}
    </ChartTooltipCard>
  );
}

/** Train (solid) and test (dashed) loss after every step; hover a point to see the α that led there. */
export function LossChart({ history }: { history: readonly LossPoint[] }) {
  const rows: Row[] = history.map((p) => ({
    step: p.step,
    train: p.trainLoss,
    test: p.testLoss,
    alpha: p.alpha,
    policy: p.policy,
  }));
  const hasTest = rows.some((r) => r.test !== null);
  const values = rows.flatMap((r) => (r.test === null ? [r.train] : [r.train, r.test])).filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const logAxis = values.length > 1 && hi / lo > LOG_AXIS_RATIO;
  const resets = rows.filter((r) => r.policy === "reset").map((r) => r.step);
  const showDots = rows.length <= 30;
  const lastStep = rows.at(-1)?.step ?? 0;

  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 400, height: 240 }}>
      <LineChart data={rows} margin={SERIES_MARGIN}>
        <CartesianGrid {...CHART_GRID} />
        <XAxis {...NUMBER_AXIS} dataKey="step" domain={[0, Math.max(1, lastStep)]} allowDecimals={false} label={xAxisTitle("step")} height={36} />
        <YAxis
          {...NUMBER_AXIS}
          scale={logAxis ? "log" : "linear"}
          domain={logAxis ? [lo * 0.8, hi * 1.25] : [0, "auto"]}
          allowDataOverflow
          tickFormatter={(v: number) => formatNumber(v, 2)}
          width={64}
          label={yAxisTitle(logAxis ? "loss J (log scale)" : "loss J")}
        />
        {resets.map((step, i) => (
          <ReferenceLine
            key={`reset-${i}`}
            x={step}
            stroke={PICTURE_COLORS.muted}
            strokeDasharray="2 4"
            label={{ value: "reset", position: "insideTopLeft", fill: PICTURE_COLORS.muted, fontSize: 13 }}
          />
        ))}
        <Tooltip content={LossTooltip} isAnimationActive={false} />
        <Legend
          verticalAlign="top"
          height={28}
          iconType="plainline"
          wrapperStyle={{ fontSize: 15 }}
          // Legend text in ink: the series colours are fine for lines but too light for text on a dark background.
          formatter={(value: string) => <span style={{ color: PICTURE_COLORS.ink }}>{value}</span>}
        />
        <Line
          name="train loss"
          dataKey="train"
          stroke={PICTURE_COLORS.positive}
          strokeWidth={3}
          dot={showDots ? { r: 4, fill: PICTURE_COLORS.positive } : false}
          activeDot={{ r: 6 }}
          isAnimationActive={false}
        />
        {hasTest && (
          <Line
            name="test loss"
            dataKey="test"
            stroke={PICTURE_COLORS.muted}
            strokeWidth={2.5}
            strokeDasharray="7 5"
            dot={false}
            activeDot={{ r: 5 }}
            connectNulls
            isAnimationActive={false}
          />
        )}
      </LineChart>
    </ResponsiveContainer>
  );
}
