"use client";
import { useId } from "react";
import { ArrowMarker } from "./arrow-marker";
import type { TrailPoint } from "./descent-trail";
import { PICTURE_COLORS } from "./picture-colors";

/**
 * The steps gradient descent took, drawn the same on every cost picture: an arrow per step and a dot where each
 * step started (the last point, where the network is now, is left to the picture to mark). `at` places a trail
 * point on the picture, which is what differs: (w, J) on the cost curve, (w, b) on the contour map.
 */
export function DescentTrailMarks({
  trail,
  at,
}: {
  trail: readonly TrailPoint[];
  at: (p: TrailPoint) => readonly [number, number];
}) {
  const arrowId = useId();
  const points = trail.map(at);
  return (
    <>
      <defs>
        <ArrowMarker id={arrowId} colour={PICTURE_COLORS.warn} />
      </defs>
      {points.slice(1).map(([x2, y2], i) => (
        <line
          key={i}
          x1={points[i][0]}
          y1={points[i][1]}
          x2={x2}
          y2={y2}
          stroke={PICTURE_COLORS.warn}
          strokeWidth={3}
          markerEnd={`url(#${arrowId})`}
        />
      ))}
      {points.slice(0, -1).map(([cx, cy], i) => (
        <circle key={i} cx={cx} cy={cy} r={4.5} fill={PICTURE_COLORS.warn} stroke={PICTURE_COLORS.ink} strokeWidth={1} />
      ))}
    </>
  );
}
