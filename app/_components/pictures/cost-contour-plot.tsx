"use client";
import { useId, useMemo } from "react";
import { costSurface, type EngineState, type MomentumPaths } from "@/lib/engine";
import type { LossPoint } from "@/lib/protocol";
import { ArrowMarker } from "./arrow-marker";
import { ClippedPlot } from "./clipped-plot";
import { descentTrail, paddedRange } from "./descent-trail";
import { DescentTrailMarks } from "./descent-trail-marks";
import { formatNumber } from "./format-number";
import { widenRange } from "./momentum-compare";
import { MomentumPathMarks } from "./momentum-path-marks";
import { isoSegments, segmentsToPath } from "./marching-squares";
import { PICTURE_COLORS } from "./picture-colors";
import { linearScale } from "./scales";
import { plotBox } from "./plot-box";
import { SizedSvg } from "./sized-svg";
import { SvgAxes } from "./svg-axes";

const LEVELS = 12;
const RESOLUTION = 61;

/**
 * The line-fit cost J(w, b) seen from above: each ring is one height of the bowl (inner rings lower), the cross is
 * its bottom, the orange arrows are the steps taken and the black arrow is the way downhill from here (−∇J).
 */
export function CostContourPlot({ state, history, paths = null }: { state: EngineState; history: readonly LossPoint[]; paths?: MomentumPaths | null }) {
  const downhillId = useId();
  const trail = useMemo(() => descentTrail(history), [history]);
  const surface = useMemo(() => {
    const first = costSurface(state, { resolution: 2 });
    const ws = [...trail.map((t) => t.params[0]), first.current.w, first.minimum.w];
    const bs = [...trail.map((t) => t.params[1]), first.current.b, first.minimum.b];
    const along = paths ? [...paths.plain.params, ...paths.momentum.params] : [];
    const wRange = widenRange(paddedRange(ws, 0.15, 1), along.map((p) => p[0]));
    const bRange = widenRange(paddedRange(bs, 0.15, 1), along.map((p) => p[1]));
    return costSurface(state, { resolution: RESOLUTION, wRange, bRange });
  }, [state, trail, paths]);

  const { w, b, current, minimum } = surface;
  const xDomain: [number, number] = [w[0], w[w.length - 1]];
  const yDomain: [number, number] = [b[0], b[b.length - 1]];
  // Quadratic spacing of the levels: J is a bowl, so the rings come out at roughly even distances.
  // Iso-lines in (w, b) units, computed once per state; only the mapping to pixels follows the panel size.
  const ringSegments = useMemo(() => {
    const top = Math.max(...Array.from(surface.loss).filter(Number.isFinite));
    const bottom = surface.minimum.loss;
    return Array.from({ length: LEVELS }, (_, i) =>
      isoSegments(surface.loss, surface.w, surface.b, bottom + (top - bottom) * ((i + 1) / (LEVELS + 1)) ** 2),
    );
  }, [surface]);

  return (
    <SizedSvg
      label={`Contours of the cost J(w, b). Now w = ${formatNumber(current.w)}, b = ${formatNumber(current.b)}; the minimum is at w = ${formatNumber(minimum.w)}, b = ${formatNumber(minimum.b)}`}
    >
      {(size) => {
        const box = plotBox(size);
        const x = linearScale(xDomain[0], xDomain[1], box.left, box.left + box.width);
        const y = linearScale(yDomain[0], yDomain[1], box.top + box.height, box.top);
        const rings = ringSegments.map((segments) => segmentsToPath(segments, x, y));
        // −∇J drawn at a fixed length in pixels: its direction is the point, its size would be off the chart.
        const [gw, gb] = current.gradient;
        const gx = -gw * (box.width / (xDomain[1] - xDomain[0]));
        const gy = gb * (box.height / (yDomain[1] - yDomain[0])); // screen y runs down
        const glen = Math.hypot(gx, gy);
        const arrowLen = Math.min(80, box.width / 5);
        return (
          <>
            <defs>
              <ArrowMarker id={downhillId} colour={PICTURE_COLORS.ink} size={6} />
            </defs>
            <ClippedPlot box={box}>
              {rings.map((d, i) => (
                <path key={i} d={d} fill="none" stroke={PICTURE_COLORS.series} strokeWidth={i === 0 ? 2.5 : 1.8} opacity={1 - (0.6 * i) / LEVELS} />
              ))}
              <path
                d={`M${x(minimum.w) - 9},${y(minimum.b) - 9}l18,18m0,-18l-18,18`}
                stroke={PICTURE_COLORS.accent}
                strokeWidth={4}
                strokeLinecap="round"
              />
              <DescentTrailMarks trail={trail} at={(p) => [x(p.params[0]), y(p.params[1])]} />
              {paths && <MomentumPathMarks paths={paths} at={(p) => [x(p.params[0]), y(p.params[1])]} />}
              {glen > 1e-9 && (
                <line
                  x1={x(current.w)}
                  y1={y(current.b)}
                  x2={x(current.w) + (gx / glen) * arrowLen}
                  y2={y(current.b) + (gy / glen) * arrowLen}
                  stroke={PICTURE_COLORS.ink}
                  strokeWidth={3}
                  markerEnd={`url(#${downhillId})`}
                />
              )}
              <circle cx={x(current.w)} cy={y(current.b)} r={9} fill={PICTURE_COLORS.negative} stroke={PICTURE_COLORS.surface} strokeWidth={2.5} />
            </ClippedPlot>
            <SvgAxes box={box} x={x} y={y} xDomain={xDomain} yDomain={yDomain} xLabel="weight w" yLabel="bias b" />
          </>
        );
      }}
    </SizedSvg>
  );
}
