import type { StudentView } from "@/lib/protocol";
import { formatAlpha, formatBeta } from "@/app/_components/pictures/format-number";
import { formatLoss } from "../_lib/format";

type Props = {
  /** What the round guessed: in a β round the curve's and mine's `alpha` hold β. */
  kind?: "alpha" | "beta";
  /** The round's reveal as the phone gets it: the curve, its k and starting loss, and the best α found. */
  reveal: { curve: NonNullable<StudentView["reveal"]>["curve"]; k: number; lossBefore: number; bestAlpha: number | null; bestLoss: number | null };
  /** This student's α and the loss it reached (null loss = blew up); null when they did not guess. */
  mine: { alpha: number; loss: number | null; diverged: boolean } | null;
};

const W = 320;
const H = 210;
// Three rows above the plot: the axis title, the "best" label and the "you" label, so labels never overlap.
const ROW = { title: 12, best: 29, you: 46 };
const PAD = { left: 12, right: 12, top: 54, bottom: 36 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;
// Okabe–Ito: you = blue, best = bluish green, blew up = vermillion; each also has its own shape and dash pattern.
const YOU = "#0072b2";
const BEST = "#007a5a"; // the palette's #009e73 darkened so its label text keeps 4.5:1 on white
const BLEW_UP = "#d55e00";
/** Rough width of a bold 12 px label, to keep it inside the picture. */
const labelWidth = (text: string) => text.length * 7.2;

/** Tick labels at the plot's ends are aligned inwards so they are not cut off. */
const tickAnchor = (tickX: number) => (tickX < PAD.left + 20 ? "start" : tickX > W - PAD.right - 20 ? "end" : "middle");

/** x and anchor of a label beside a vertical line, on the given side, flipped or nudged to stay inside the SVG. */
function beside(lineX: number, side: "left" | "right", text: string): { x: number; anchor: "start" | "end" } {
  const w = labelWidth(text);
  if (side === "right") return lineX + 5 + w <= W ? { x: lineX + 5, anchor: "start" } : { x: Math.max(w, lineX - 5), anchor: "end" };
  return lineX - 5 - w >= 0 ? { x: lineX - 5, anchor: "end" } : { x: Math.min(W - w, lineX + 5), anchor: "start" };
}

/**
 * Loss after k steps against α on a log axis, drawn by hand in SVG (no chart library on phones).
 * Losses far above the starting loss are cut at the top so the valley stays visible; "blew up" points sit on the top
 * edge as crosses.
 */
/** Where a value sits on the log axis: log10 α, or −log10(1 − β) so β grows rightwards, fine near 1. */
const BETA_FLOOR = 1e-4;
const axisPos = (kind: "alpha" | "beta", v: number) => (kind === "beta" ? -Math.log10(Math.max(BETA_FLOOR, 1 - v)) : Math.log10(v));
const BETA_LABELS = [0, 0.5, 0.9, 0.99, 0.999] as const;

export function LossCurve({ reveal, mine, kind = "alpha" }: Props) {
  const { curve, k, lossBefore, bestAlpha, bestLoss } = reveal;
  const beta = kind === "beta";
  const sym = beta ? "β" : "α";
  const fmt = beta ? formatBeta : formatAlpha;
  // The phone's curve is compact: [α (or β), loss or null where it diverged].
  const points = curve
    .map(([alpha, loss]) => ({ alpha, loss, diverged: loss === null }))
    .filter((p) => (beta ? p.alpha >= 0 && p.alpha < 1 : p.alpha > 0))
    .sort((a, b) => a.alpha - b.alpha);
  if (points.length < 2) return null;
  const positions = points.map((p) => axisPos(kind, p.alpha)).concat(mine ? [axisPos(kind, mine.alpha)] : []);
  const lo = Math.min(...positions);
  const hi = Math.max(...positions);
  const x = (alpha: number) => PAD.left + ((axisPos(kind, alpha) - lo) / (hi - lo || 1)) * PLOT_W;

  const finite = points.filter((p) => !p.diverged && p.loss !== null && Number.isFinite(p.loss)).map((p) => p.loss as number);
  const top = Math.max(lossBefore * 1.2, Math.min(Math.max(...finite, lossBefore), lossBefore * 2)) || 1;
  // Clamp just past the top edge: the visible slope stays right and huge values never reach the SVG renderer.
  const y = (loss: number | null) => PAD.top + PLOT_H - (Math.min(loss ?? Infinity, top * 1.15) / top) * PLOT_H;

  const segments: string[] = [];
  let current = "";
  for (const p of points) {
    if (p.diverged || p.loss === null) {
      if (current) segments.push(current);
      current = "";
      continue;
    }
    current += `${current ? "L" : "M"}${x(p.alpha).toFixed(1)},${y(p.loss).toFixed(1)}`;
  }
  if (current) segments.push(current);
  const blewUp = points.filter((p) => p.diverged || p.loss === null);

  // Tick values: powers of ten of α, or β's stops (whole decades of 1 − β), inside the drawn range.
  const decades: number[] = [];
  for (let e = Math.ceil(lo - 1e-9); e <= Math.floor(hi + 1e-9); e++) decades.push(e);
  const alphaTicks = (decades.length > 5 ? decades.filter((e) => (e - decades[0]) % 2 === 0) : decades).map((e) => 10 ** e);
  const ticks = beta ? BETA_LABELS.filter((b) => axisPos(kind, b) >= lo - 1e-9 && axisPos(kind, b) <= hi + 1e-9) : alphaTicks;

  const yBefore = y(lossBefore);
  const myX = mine ? x(mine.alpha) : null;
  const bestX = bestAlpha !== null ? x(bestAlpha) : null;
  const youText = mine ? `you ${fmt(mine.alpha)}` : "";
  const bestText = bestAlpha !== null ? `best ${fmt(bestAlpha)}` : "";
  // Each label on the outer side of its line, so neither line runs through the other's label.
  const youFirst = myX !== null && bestX !== null && myX < bestX;
  const youLabel = myX !== null ? beside(myX, youFirst ? "left" : "right", youText) : null;
  const bestLabel = bestX !== null ? beside(bestX, youFirst || myX === null ? "right" : "left", bestText) : null;
  const steps = k === 1 ? "1 step" : `${k} steps`;
  const description =
    `Loss after ${steps} for each ${beta ? "momentum β, on a log scale of 1 − β" : "learning rate, on a log scale"}. Loss before the round: ${formatLoss(lossBefore)}.` +
    (bestAlpha !== null ? ` Best ${sym} ${fmt(bestAlpha)} reaches ${formatLoss(bestLoss)}.` : "") +
    (mine ? ` Your ${sym} ${fmt(mine.alpha)} reaches ${formatLoss(mine.diverged ? null : mine.loss)}.` : "");

  return (
    <figure className="flex flex-col gap-1">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={description} className="h-auto w-full overflow-visible">
        <defs>
          <clipPath id="loss-plot">
            <rect x={PAD.left} y={PAD.top - 2} width={PLOT_W} height={PLOT_H + 2} />
          </clipPath>
        </defs>
        <text x={PAD.left} y={ROW.title} fontSize="12" fill="#334155">
          loss after {steps} ↑
        </text>
        <rect x={PAD.left} y={PAD.top} width={PLOT_W} height={PLOT_H} fill="#f1f5f9" />
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={PAD.top} y2={PAD.top + PLOT_H} stroke="#cbd5e1" />
            <text x={x(t)} y={PAD.top + PLOT_H + 14} fontSize="11" fill="#334155" textAnchor={tickAnchor(x(t))}>
              {fmt(t)}
            </text>
          </g>
        ))}
        <text x={W - PAD.right} y={H - 4} fontSize="12" fill="#334155" textAnchor="end">
          {beta ? "momentum β (log scale of 1 − β) →" : "learning rate α (log scale) →"}
        </text>

        <line x1={PAD.left} x2={PAD.left + PLOT_W} y1={yBefore} y2={yBefore} stroke="#475569" strokeDasharray="2 3" />
        <text x={PAD.left + 4} y={yBefore - 4} fontSize="11" fill="#334155">
          before: {formatLoss(lossBefore)}
        </text>

        <g clipPath="url(#loss-plot)">
          {segments.map((d, i) => (
            <path key={i} d={d} fill="none" stroke="#0f172a" strokeWidth="2.5" strokeLinejoin="round" />
          ))}
        </g>
        {blewUp.map((p) => (
          <path
            key={p.alpha}
            d={`M${x(p.alpha) - 3},${PAD.top - 3}l6,6m0,-6l-6,6`}
            stroke={BLEW_UP}
            strokeWidth="2"
          />
        ))}

        {bestX !== null ? (
          <g>
            <line x1={bestX} x2={bestX} y1={ROW.best + 4} y2={PAD.top + PLOT_H} stroke={BEST} strokeWidth="2" strokeDasharray="6 3" />
            {bestLoss !== null ? (
              <path d={`M${bestX},${y(bestLoss) - 6}l6,6l-6,6l-6,-6z`} fill={BEST} stroke="#fff" strokeWidth="1.5" />
            ) : null}
            <text x={bestLabel!.x} y={ROW.best} fontSize="12" fontWeight="700" fill={BEST} textAnchor={bestLabel!.anchor}>
              {bestText}
            </text>
          </g>
        ) : null}

        {mine && myX !== null ? (
          <g>
            <line x1={myX} x2={myX} y1={ROW.you + 4} y2={PAD.top + PLOT_H} stroke={YOU} strokeWidth="2.5" />
            <circle cx={myX} cy={Math.max(PAD.top, y(mine.diverged ? null : mine.loss))} r="6" fill={YOU} stroke="#fff" strokeWidth="1.5" />
            <text x={youLabel!.x} y={ROW.you} fontSize="12" fontWeight="700" fill={YOU} textAnchor={youLabel!.anchor}>
              {youText}
            </text>
          </g>
        ) : null}
      </svg>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700 dark:text-slate-300">
        {mine ? (
          <span>
            <span aria-hidden="true" style={{ color: YOU }}>
              ●
            </span>{" "}
            your {sym}
          </span>
        ) : null}
        {bestAlpha !== null ? (
          <span>
            <span aria-hidden="true" style={{ color: BEST }}>
              ◆
            </span>{" "}
            best {sym}
          </span>
        ) : null}
        {blewUp.length > 0 ? (
          <span>
            <span aria-hidden="true" style={{ color: BLEW_UP }}>
              ✕
            </span>{" "}
            loss blew up
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}
