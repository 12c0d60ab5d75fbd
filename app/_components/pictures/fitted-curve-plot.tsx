"use client";
import { useMemo } from "react";
import { datasetPoints, outputGrid, type EngineState } from "@/lib/engine";
import { ClippedPlot } from "./clipped-plot";
import { paddedRange } from "./descent-trail";
import { PICTURE_COLORS } from "./picture-colors";
import { plotBox } from "./plot-box";
import { linearScale } from "./scales";
import { SizedSvg } from "./sized-svg";
import { SvgAxes } from "./svg-axes";

/** The model's prediction ŷ(x) as a line over the data: training points filled, test points hollow. */
export function FittedCurvePlot({ state }: { state: EngineState }) {
  const curve = useMemo(() => outputGrid(state, { resolution: 160 }), [state]);
  const data = useMemo(() => datasetPoints(state), [state]);
  if (curve.kind !== "1d") return null;
  const xDomain: [number, number] = [data.domain[0][0], data.domain[0][1]];
  // The axis follows the data; a wild model may leave the box (clipped) rather than squash the data flat.
  const yDomain = paddedRange(data.points.map((p) => p.y), 0.1, 0.5);

  return (
    <SizedSvg label="The model's prediction as a line over the data points">
      {(size) => {
        const box = plotBox(size);
        const x = linearScale(xDomain[0], xDomain[1], box.left, box.left + box.width);
        const y = linearScale(yDomain[0], yDomain[1], box.top + box.height, box.top);
        const line = Array.from(curve.x, (xv, i) => `${i ? "L" : "M"}${x(xv).toFixed(1)},${y(curve.output[i]).toFixed(1)}`).join("");
        return (
          <>
            <SvgAxes box={box} x={x} y={y} xDomain={xDomain} yDomain={yDomain} xLabel="input x" yLabel="target y" />
            <ClippedPlot box={box}>
              {data.points.map((p, i) =>
                p.split === "train" ? (
                  <circle key={i} cx={x(p.x[0])} cy={y(p.y)} r={5} fill={PICTURE_COLORS.muted} opacity={0.85} />
                ) : (
                  <circle key={i} cx={x(p.x[0])} cy={y(p.y)} r={5} fill={PICTURE_COLORS.surface} stroke={PICTURE_COLORS.muted} strokeWidth={2} />
                ),
              )}
              <path d={line} fill="none" stroke={PICTURE_COLORS.positive} strokeWidth={4} strokeLinejoin="round" />
            </ClippedPlot>
          </>
        );
      }}
    </SizedSvg>
  );
}
