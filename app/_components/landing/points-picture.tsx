/**
 * Drawing of a scenario's points as a small SVG, from plain arrays: the server's thumbnails (data-picture.tsx, from
 * the generator) and the start form's preview of the class's own points (in the browser) share it, so both show
 * data the same way. No engine code here: it is safe in a client bundle.
 */
import type { ReactNode } from "react";

export const PICTURE_SIZE = 64;
const MARGIN = 5;
const CLASS_ONE = "#0072b2"; // Okabe–Ito blue: filled dots
const CLASS_ZERO = "#d55e00"; // Okabe–Ito vermillion: crosses (shape differs too, for colour-blind eyes)
const POINTS = "#475569";
const TRUTH = "#0b5cad";

export type Range = readonly [number, number];

const scale = (v: number, [lo, hi]: Range) => MARGIN + ((v - lo) / (hi - lo)) * (PICTURE_SIZE - 2 * MARGIN);
const flip = (v: number) => PICTURE_SIZE - v;
const n1 = (v: number) => v.toFixed(1);

const THUMBNAIL = "size-14 shrink-0 rounded-lg bg-white sm:size-16";

function Frame({ children, label, className = THUMBNAIL }: { children: ReactNode; label: string; className?: string }) {
  return (
    <svg viewBox={`0 0 ${PICTURE_SIZE} ${PICTURE_SIZE}`} role="img" aria-label={label} className={className}>
      {children}
    </svg>
  );
}

type ClassPoints = {
  /** Point-major inputs: x1 of point s at 2s, x2 at 2s + 1. */
  xs: ArrayLike<number>;
  /** Labels 0/1, one per point. */
  labels: ArrayLike<number>;
  domain: readonly [Range, Range];
  label: string;
  className?: string;
};

/** Two classes in the plane: class 1 as dots, class 0 as crosses; one path per class keeps the HTML small. */
export function ClassPointsPicture({ xs, labels, domain, label, className }: ClassPoints) {
  let dots = "";
  let crosses = "";
  for (let s = 0; s < labels.length; s++) {
    const px = scale(xs[2 * s], domain[0]);
    const py = flip(scale(xs[2 * s + 1], domain[1]));
    if (labels[s] === 1) dots += `M${n1(px)} ${n1(py)}h0`;
    else crosses += `M${n1(px - 1.4)} ${n1(py - 1.4)}l2.8 2.8m0-2.8l-2.8 2.8`;
  }
  return (
    <Frame label={label} className={className}>
      <path d={crosses} stroke={CLASS_ZERO} strokeWidth="1.1" />
      <path d={dots} stroke={CLASS_ONE} strokeWidth="3.2" strokeLinecap="round" />
    </Frame>
  );
}

type RegressionPoints = {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  xDomain: Range;
  /** The true function, drawn as a line (generated data); absent for the class's own points. */
  truth?: (x: number) => number;
  label: string;
  className?: string;
};

/** Points (x, y), with the true function as a line when there is one; y's range covers points and line. */
export function RegressionPointsPicture({ xs, ys, xDomain, truth, label, className }: RegressionPoints) {
  const [x0, x1] = xDomain;
  const curve = truth ? Array.from({ length: 41 }, (_, i) => x0 + ((x1 - x0) * i) / 40) : [];
  const all = [...Array.from(ys), ...curve.map((x) => truth!(x))];
  const pad = (Math.max(...all) - Math.min(...all)) * 0.08 || 1;
  const yDomain: Range = [Math.min(...all) - pad, Math.max(...all) + pad];
  let dots = "";
  for (let s = 0; s < xs.length; s++) dots += `M${n1(scale(xs[s], xDomain))} ${n1(flip(scale(ys[s], yDomain)))}h0`;
  const line = curve.map((x, i) => `${i ? "L" : "M"}${n1(scale(x, xDomain))} ${n1(flip(scale(truth!(x), yDomain)))}`).join("");
  // Faint axes through the origin (when it is in view): they show that one weight's line passes through it.
  let axes = "";
  if (yDomain[0] <= 0 && yDomain[1] >= 0) axes += `M${MARGIN} ${n1(flip(scale(0, yDomain)))}H${PICTURE_SIZE - MARGIN}`;
  if (x0 <= 0 && x1 >= 0) axes += `M${n1(scale(0, xDomain))} ${MARGIN}V${PICTURE_SIZE - MARGIN}`;
  return (
    <Frame label={label} className={className}>
      {axes ? <path d={axes} stroke="#cbd5e1" strokeWidth="1" /> : null}
      <path d={dots} stroke={POINTS} strokeWidth="3" strokeLinecap="round" />
      {line ? <path d={line} stroke={TRUTH} strokeWidth="2" fill="none" strokeLinejoin="round" /> : null}
    </Frame>
  );
}
