/**
 * The decision heatmap as a small bitmap (one pixel per grid cell) that the SVG stretches with smoothing.
 * Diverging palette from the Okabe–Ito pair used for the classes: pale vermillion (ŷ → 0) through near-white
 * (ŷ = 0.5, undecided) to pale blue (ŷ → 1). Pale, so the data points on top keep their contrast.
 */
type Rgb = readonly [number, number, number];

const CLASS_0: Rgb = [236, 170, 122];
const UNDECIDED: Rgb = [248, 250, 252];
const CLASS_1: Rgb = [118, 178, 214];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Colour for a predicted probability ŷ of the blue class. */
export function probabilityColour(p: number): Rgb {
  const t = Math.min(1, Math.max(0, Number.isFinite(p) ? p : 0.5));
  return t < 0.5 ? mix(CLASS_0, UNDECIDED, t * 2) : mix(UNDECIDED, CLASS_1, (t - 0.5) * 2);
}

/** PNG data URL of an N×N grid whose row 0 is the bottom (lowest x₂); null where there is no DOM (server render). */
export function heatmapDataUrl(output: ArrayLike<number>, n: number): string | null {
  if (typeof document === "undefined") return null;
  const canvas = document.createElement("canvas");
  canvas.width = n;
  canvas.height = n;
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  const image = ctx.createImageData(n, n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const [red, green, blue] = probabilityColour(output[r * n + c]);
      const at = ((n - 1 - r) * n + c) * 4; // flip: canvas rows run top to bottom
      image.data[at] = red;
      image.data[at + 1] = green;
      image.data[at + 2] = blue;
      image.data[at + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toDataURL("image/png");
}
