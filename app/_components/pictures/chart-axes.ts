import { AXIS_TICK, PICTURE_COLORS } from "./picture-colors";

/** The grid behind every Recharts picture. */
export const CHART_GRID = { stroke: PICTURE_COLORS.grid, strokeDasharray: "3 3" } as const;

/** Margins of the small time-series charts (loss per step, α per round). */
export const SERIES_MARGIN = { top: 8, right: 16, bottom: 4, left: 4 } as const;

/** What every numeric axis shares: readable ticks and a muted axis line. */
export const NUMBER_AXIS = { type: "number", tick: AXIS_TICK, stroke: PICTURE_COLORS.muted } as const;

/** A y-axis title, turned to run along the axis and centred on it. */
export function yAxisTitle(value: string, fontSize = 14) {
  return { value, angle: -90, position: "insideLeft", fill: PICTURE_COLORS.muted, fontSize, style: { textAnchor: "middle" } } as const;
}

/** An x-axis title in the bottom-right corner, where a time axis ends. */
export function xAxisTitle(value: string) {
  return { value, position: "insideBottomRight", offset: -2, fill: PICTURE_COLORS.muted, fontSize: 14 } as const;
}
