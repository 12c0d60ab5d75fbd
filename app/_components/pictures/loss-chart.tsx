"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TooltipContentProps } from "recharts";
import type { LossPoint } from "@/lib/protocol";
import { ChartTooltipCard } from "./chart-tooltip";
import { formatAlpha, formatNumber } from "./format-number";
import { AXIS_TICK, PICTURE_COLORS } from "./picture-colors";

type Row = {
  step: number;
  train: number;
  test: number | null;
  alpha: number | null;
  policy: LossPoint["policy"];
};

const POLICY_WORDS: Record<NonNullable<LossPoint["policy"]>, string> = {
  host: "instructor's α",
  median: "class median",
  "best-guess": "best guess",
  engine: "engine's best α",
  player: "a student's α",
  run: "run of steps",
  reset: "network reset",
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
      <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
        <CartesianGrid stroke={PICTURE_COLORS.grid} strokeDasharray="3 3" />
        <XAxis
          dataKey="step"
          type="number"
          domain={[0, Math.max(1, lastStep)]}
          allowDecimals={false}
          tick={AXIS_TICK}
          stroke={PICTURE_COLORS.muted}
          label={{ value: "step", position: "insideBottomRight", offset: -2, fill: PICTURE_COLORS.muted, fontSize: 14 }}
          height={36}
        />
        <YAxis
          type="number"
          scale={logAxis ? "log" : "linear"}
          domain={logAxis ? [lo * 0.8, hi * 1.25] : [0, "auto"]}
          allowDataOverflow
          tick={AXIS_TICK}
          stroke={PICTURE_COLORS.muted}
          tickFormatter={(v: number) => formatNumber(v, 2)}
          width={64}
          label={{
            value: logAxis ? "loss J (log scale)" : "loss J",
            angle: -90,
            position: "insideLeft",
            fill: PICTURE_COLORS.muted,
            fontSize: 14,
            style: { textAnchor: "middle" },
          }}
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
