"use client";
import { useMemo } from "react";
import { costCurve, type EngineState, type MomentumPaths } from "@/lib/engine";
import type { LossPoint } from "@/lib/protocol";
import { ClippedPlot } from "./clipped-plot";
import { descentTrail, paddedRange } from "./descent-trail";
import { DescentTrailMarks } from "./descent-trail-marks";
import { formatNumber, formatSigned } from "./format-number";
import { widenRange } from "./momentum-compare";
import { MomentumPathMarks } from "./momentum-path-marks";
import { PICTURE_COLORS } from "./picture-colors";
import { plotBox } from "./plot-box";
import { linearScale } from "./scales";
import { SizedSvg } from "./sized-svg";
import { SvgAxes } from "./svg-axes";

const HALO = { stroke: PICTURE_COLORS.surface, strokeWidth: 5, paintOrder: "stroke" } as const;

/**
 * The one-weight cost J(w) — a parabola — with where w is now, the tangent there (its slope is the gradient
 * dJ/dw) and the steps taken so far as arrows. The bottom of the bowl is the best possible w.
 */
export function CostCurvePlot({ state, history, paths = null }: { state: EngineState; history: readonly LossPoint[]; paths?: MomentumPaths | null }) {
  const trail = useMemo(() => descentTrail(history), [history]);
  const curve = useMemo(() => {
    const first = costCurve(state, { points: 2 });
    const base = paddedRange([...trail.map((t) => t.params[0]), first.current.w, first.minimum.w], 0.15, 1);
    const along = paths ? [...paths.plain.params, ...paths.momentum.params].map((p) => p[0]) : [];
    return costCurve(state, { range: widenRange(base, along), points: 161 });
  }, [state, trail, paths]);

  const ws = Array.from(curve.w);
  const xDomain: [number, number] = [ws[0], ws[ws.length - 1]];
  const yMax = Math.max(...Array.from(curve.loss)) * 1.05 || 1;
  const { current, tangent, minimum } = curve;
  const half = (xDomain[1] - xDomain[0]) * 0.18;
  const t0 = current.w - half;
  const t1 = current.w + half;

  return (
    <SizedSvg
      label={`Cost J(w): w is now ${formatNumber(current.w)} with slope ${formatNumber(current.slope)}; the minimum is at w = ${formatNumber(minimum.w)}`}
    >
      {(size) => {
        const box = plotBox(size);
        const x = linearScale(xDomain[0], xDomain[1], box.left, box.left + box.width);
        const y = linearScale(0, yMax, box.top + box.height, box.top);
        const line = ws.map((w, i) => `${i ? "L" : "M"}${x(w).toFixed(1)},${y(curve.loss[i]).toFixed(1)}`).join("");
        // Above the dot, unless that runs off the top; then below it. With the momentum paths drawn around the dot,
        // the label goes to a top corner away from the "minimum" mark, so it covers neither.
        const minimumOnLeft = x(minimum.w) < box.left + box.width / 2;
        const label: { x: number; y: number; anchor: "start" | "middle" | "end" } = paths
          ? { x: minimumOnLeft ? box.left + box.width - 8 : box.left + 8, y: box.top + 42, anchor: minimumOnLeft ? "end" : "start" }
          : {
              x: Math.min(Math.max(x(current.w), box.left + 110), box.left + box.width - 110),
              y: y(current.loss) - 20 > box.top + 16 ? y(current.loss) - 20 : y(current.loss) + 32,
              anchor: "middle",
            };
        return (
          <>
            <SvgAxes box={box} x={x} y={y} xDomain={xDomain} yDomain={[0, yMax]} xLabel="weight w" yLabel="cost J(w)" />
            <ClippedPlot box={box}>
              <line x1={x(minimum.w)} x2={x(minimum.w)} y1={box.top} y2={box.top + box.height} stroke={PICTURE_COLORS.accent} strokeWidth={2} strokeDasharray="6 5" />
              <path d={line} fill="none" stroke={PICTURE_COLORS.series} strokeWidth={3.5} />
              <line
                x1={x(t0)}
                y1={y(tangent.slope * t0 + tangent.intercept)}
                x2={x(t1)}
                y2={y(tangent.slope * t1 + tangent.intercept)}
                stroke={PICTURE_COLORS.ink}
                strokeWidth={2.5}
                // Dotted: the plain-descent path of the momentum comparison is the dashed ink line.
                strokeDasharray="2 5"
                strokeLinecap="round"
              />
              <DescentTrailMarks trail={trail} at={(p) => [x(p.params[0]), y(p.loss)]} />
              {paths && <MomentumPathMarks paths={paths} at={(p) => [x(p.params[0]), y(Math.min(p.loss, yMax * 1.2))]} />}
              <circle cx={x(current.w)} cy={y(current.loss)} r={9} fill={PICTURE_COLORS.negative} stroke={PICTURE_COLORS.surface} strokeWidth={2.5} />
            </ClippedPlot>
            <text x={x(minimum.w)} y={box.top + 18} textAnchor="middle" fontSize={15} fontWeight={700} fill={PICTURE_COLORS.accentText} {...HALO}>
              minimum
            </text>
            <text x={label.x} y={label.y} textAnchor={label.anchor} fontSize={16} fontWeight={700} fill={PICTURE_COLORS.ink} {...HALO}>
              w = {formatNumber(current.w)}, slope {formatSigned(current.slope)}
            </text>
          </>
        );
      }}
    </SizedSvg>
  );
}
