"use client";
import { useId, type ReactNode } from "react";
import type { PlotBox } from "./svg-axes";

/** The marks of a hand-drawn plot, clipped to its box so a trail or a curve leaving the axes' range is cut at the edge. */
export function ClippedPlot({ box, children }: { box: PlotBox; children: ReactNode }) {
  const clipId = useId();
  return (
    <>
      <defs>
        <clipPath id={clipId}>
          <rect x={box.left} y={box.top} width={box.width} height={box.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`}>{children}</g>
    </>
  );
}
