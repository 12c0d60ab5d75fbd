import type { Size } from "./use-element-size";
import type { PlotBox } from "./svg-axes";

/** Room for tick labels and axis titles around a plot, in pixels. */
export const PLOT_MARGIN = { left: 72, right: 14, top: 12, bottom: 54 } as const;

/** The plot box that fills `size` (minus the margins); square when asked, centred horizontally. */
export function plotBox(size: Size, square = false): PlotBox {
  const width = Math.max(20, size.width - PLOT_MARGIN.left - PLOT_MARGIN.right);
  const height = Math.max(20, size.height - PLOT_MARGIN.top - PLOT_MARGIN.bottom);
  if (!square) return { left: PLOT_MARGIN.left, top: PLOT_MARGIN.top, width, height };
  const side = Math.min(width, height);
  return { left: PLOT_MARGIN.left + (width - side) / 2, top: PLOT_MARGIN.top, width: side, height: side };
}
