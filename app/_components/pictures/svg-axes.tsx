import { formatNumber } from "./format-number";
import { AXIS_TICK, PICTURE_COLORS } from "./picture-colors";
import { niceTicks, type Scale } from "./scales";

export type PlotBox = { left: number; top: number; width: number; height: number };

/** Axes, ticks and axis titles around a plot box, for the pictures drawn directly in SVG (sizes in pixels). */
export function SvgAxes({
  box,
  x,
  y,
  xDomain,
  yDomain,
  xLabel,
  yLabel,
}: {
  box: PlotBox;
  x: Scale;
  y: Scale;
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  xLabel: string;
  yLabel: string;
}) {
  const bottom = box.top + box.height;
  const right = box.left + box.width;
  return (
    <g fontSize={AXIS_TICK.fontSize} fill={AXIS_TICK.fill}>
      <rect x={box.left} y={box.top} width={box.width} height={box.height} fill="none" stroke={PICTURE_COLORS.muted} strokeWidth={1} />
      {niceTicks(xDomain[0], xDomain[1], Math.max(2, Math.floor(box.width / 70))).map((t) => (
        <g key={`x${t}`}>
          <line x1={x(t)} x2={x(t)} y1={bottom} y2={bottom + 6} stroke={PICTURE_COLORS.muted} />
          <text x={x(t)} y={bottom + 22} textAnchor="middle">
            {formatNumber(t, 3)}
          </text>
        </g>
      ))}
      {niceTicks(yDomain[0], yDomain[1], Math.max(2, Math.floor(box.height / 55))).map((t) => (
        <g key={`y${t}`}>
          <line x1={box.left - 6} x2={box.left} y1={y(t)} y2={y(t)} stroke={PICTURE_COLORS.muted} />
          <text x={box.left - 10} y={y(t) + 5} textAnchor="end">
            {formatNumber(t, 3)}
          </text>
        </g>
      ))}
      <text x={(box.left + right) / 2} y={bottom + 44} textAnchor="middle" fontSize={16} fontStyle="italic">
        {xLabel}
      </text>
      <text
        x={box.left - 46}
        y={box.top + box.height / 2}
        textAnchor="middle"
        fontSize={16}
        fontStyle="italic"
        transform={`rotate(-90 ${box.left - 46} ${box.top + box.height / 2})`}
      >
        {yLabel}
      </text>
    </g>
  );
}
