import type { MomentumPaths, ParamPath } from "@/lib/engine";
import { PICTURE_COLORS } from "./picture-colors";

export type PathPoint = { params: readonly number[]; loss: number };

function points(path: ParamPath, at: (p: PathPoint) => readonly [number, number]): (readonly [number, number])[] {
  return path.params
    .map((params, i) => at({ params, loss: path.losses[i] }))
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
}

const polyline = (pts: readonly (readonly [number, number])[]) => pts.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`).join("");

/**
 * Plain descent beside momentum from the same weights: plain as a dashed ink line with hollow dots, momentum as a
 * solid vermillion line with filled dots (shape and dash tell them apart without colour). `at` places a point.
 */
export function MomentumPathMarks({ paths, at }: { paths: MomentumPaths; at: (p: PathPoint) => readonly [number, number] }) {
  const plain = points(paths.plain, at);
  const momentum = points(paths.momentum, at);
  return (
    <g data-testid="momentum-paths">
      <path d={polyline(plain)} fill="none" stroke={PICTURE_COLORS.ink} strokeWidth={2.5} strokeDasharray="7 5" />
      {plain.slice(1).map(([cx, cy], i) => (
        <circle key={`p${i}`} cx={cx} cy={cy} r={4} fill={PICTURE_COLORS.surface} stroke={PICTURE_COLORS.ink} strokeWidth={2} />
      ))}
      <path d={polyline(momentum)} fill="none" stroke={PICTURE_COLORS.negative} strokeWidth={3} />
      {momentum.slice(1).map(([cx, cy], i) => (
        <rect key={`m${i}`} x={cx - 4} y={cy - 4} width={8} height={8} fill={PICTURE_COLORS.negative} stroke={PICTURE_COLORS.surface} strokeWidth={1.5} />
      ))}
    </g>
  );
}
