"use client";
import { useMemo } from "react";
import { datasetPoints, outputGrid, type EngineState } from "@/lib/engine";
import { heatmapDataUrl } from "./heatmap-image";
import { isoSegments, segmentsToPath } from "./marching-squares";
import { PICTURE_COLORS } from "./picture-colors";
import { plotBox } from "./plot-box";
import { linearScale } from "./scales";
import { SizedSvg } from "./sized-svg";
import { SvgAxes } from "./svg-axes";

/**
 * What a 2-D classifier currently predicts everywhere in the plane (colour = probability of the blue class), the
 * decision boundary ŷ = 0.5 as a black line, and the data: blue circles and vermillion squares, training points
 * filled, test points hollow.
 */
export function DecisionHeatmap({ state, resolution = 64 }: { state: EngineState; resolution?: number }) {
  const grid = useMemo(() => outputGrid(state, { resolution }), [state, resolution]);
  const image = useMemo(() => (grid.kind === "2d" ? heatmapDataUrl(grid.output, grid.resolution) : null), [grid]);
  const data = useMemo(() => datasetPoints(state), [state]);
  const boundarySegments = useMemo(() => (grid.kind === "2d" ? isoSegments(grid.output, grid.x1, grid.x2, 0.5) : []), [grid]);
  if (grid.kind !== "2d") return null;
  const [dx, dy] = [data.domain[0], data.domain[1]];

  return (
    <SizedSvg label="Decision map: predicted class over the plane, with the data points">
      {(size) => {
        const box = plotBox(size, true);
        const x = linearScale(dx[0], dx[1], box.left, box.left + box.width);
        const y = linearScale(dy[0], dy[1], box.top + box.height, box.top);
        const boundary = segmentsToPath(boundarySegments, x, y);
        const r = Math.max(3.5, Math.min(6, box.width / 70));
        return (
          <>
            {image && <image href={image} x={box.left} y={box.top} width={box.width} height={box.height} preserveAspectRatio="none" />}
            {/* Always dark: it sits on the pale heatmap in both themes. */}
            <path d={boundary} stroke="#0f172a" strokeWidth={3} fill="none" strokeLinecap="round" />
            {data.points.map((p, i) => {
              const cx = x(p.x[0]);
              const cy = y(p.x[1]);
              const blue = p.y >= 0.5;
              const colour = blue ? PICTURE_COLORS.positive : PICTURE_COLORS.negative;
              const hollow = p.split === "test";
              const paint = { fill: hollow ? "#ffffff" : colour, stroke: hollow ? colour : "#0f172a", strokeWidth: hollow ? 2.5 : 1 };
              return blue ? (
                <circle key={i} cx={cx} cy={cy} r={r} {...paint} />
              ) : (
                <rect key={i} x={cx - r * 0.9} y={cy - r * 0.9} width={r * 1.8} height={r * 1.8} {...paint} />
              );
            })}
            <SvgAxes box={box} x={x} y={y} xDomain={dx} yDomain={dy} xLabel="x₁" yLabel="x₂" />
          </>
        );
      }}
    </SizedSvg>
  );
}
