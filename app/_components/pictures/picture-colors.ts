/**
 * Colours used by every picture, as CSS variables so one set of components serves the light and the dark theme.
 * Signs and classes use the Okabe–Ito tokens from app/globals.css (safe for the common colour-vision deficiencies);
 * text-like strokes use the --picture-* variables that PICTURE_THEME defines per theme, with light fallbacks so a
 * picture still reads correctly on a page that forgot the class.
 */
export const PICTURE_COLORS = {
  positive: "var(--color-positive)",
  negative: "var(--color-negative)",
  accent: "var(--color-accent)",
  warn: "var(--color-warn)",
  brand: "var(--color-brand)",
  /** Main data series (curves, bars, contour rings): brand blue, lighter on dark backgrounds for ≥ 3:1. */
  series: "var(--picture-series, #0b5cad)",
  ink: "var(--picture-ink, #0f172a)",
  muted: "var(--picture-muted, #475569)",
  grid: "var(--picture-grid, #e2e8f0)",
  surface: "var(--picture-surface, #ffffff)",
  /** Text on the accent colour (best-α labels): dark enough for 4.5:1 on the surface. */
  accentText: "var(--picture-accent-text, #006b4f)",
  negativeText: "var(--picture-negative-text, #a84300)",
} as const;

/** Put this class on any ancestor of the pictures (the host console's root does). */
export const PICTURE_THEME =
  "[--picture-ink:#0f172a] [--picture-muted:#475569] [--picture-grid:#e2e8f0] [--picture-surface:#ffffff] " +
  "[--picture-accent-text:#006b4f] [--picture-negative-text:#a84300] [--picture-series:#0b5cad] " +
  "dark:[--picture-ink:#f1f5f9] dark:[--picture-muted:#cbd5e1] dark:[--picture-grid:#334155] " +
  "dark:[--picture-surface:#0f172a] dark:[--picture-accent-text:#5fd4b0] dark:[--picture-negative-text:#ff9a5c] dark:[--picture-series:#56b4e9]";

/** Tick labels big enough to read from the back of a classroom. */
export const AXIS_TICK = { fill: PICTURE_COLORS.muted, fontSize: 15 } as const;
