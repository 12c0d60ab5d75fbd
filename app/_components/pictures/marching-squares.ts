/**
 * Iso-lines of a value grid by marching squares: for every cell, where does the level cross its four edges?
 * Used for the contours of J(w, b) and for the decision boundary (ŷ = 0.5) on the heatmap.
 */

/** A line piece [x1, y1, x2, y2] in the grid's own coordinates. */
export type Segment = readonly [number, number, number, number];

/**
 * values[r * xs.length + c] is the value at (xs[c], ys[r]). Cells with a non-finite corner are skipped.
 * Saddle cells (opposite corners on the same side) are resolved with the cell-centre average.
 */
export function isoSegments(values: ArrayLike<number>, xs: ArrayLike<number>, ys: ArrayLike<number>, level: number): Segment[] {
  const nx = xs.length;
  const ny = ys.length;
  const out: Segment[] = [];
  const cross = (xa: number, ya: number, va: number, xb: number, yb: number, vb: number): [number, number] => {
    const t = (level - va) / (vb - va);
    return [xa + t * (xb - xa), ya + t * (yb - ya)];
  };
  for (let r = 0; r + 1 < ny; r++) {
    for (let c = 0; c + 1 < nx; c++) {
      const v00 = values[r * nx + c];
      const v01 = values[r * nx + c + 1];
      const v10 = values[(r + 1) * nx + c];
      const v11 = values[(r + 1) * nx + c + 1];
      if (!(Number.isFinite(v00) && Number.isFinite(v01) && Number.isFinite(v10) && Number.isFinite(v11))) continue;
      const a00 = v00 >= level;
      const a01 = v01 >= level;
      const a10 = v10 >= level;
      const a11 = v11 >= level;
      if (a00 === a01 && a01 === a10 && a10 === a11) continue;
      const x0 = xs[c];
      const x1 = xs[c + 1];
      const y0 = ys[r];
      const y1 = ys[r + 1];
      // Crossings on the edges: bottom (00–01), right (01–11), top (10–11), left (00–10).
      const bottom = a00 !== a01 ? cross(x0, y0, v00, x1, y0, v01) : null;
      const right = a01 !== a11 ? cross(x1, y0, v01, x1, y1, v11) : null;
      const top = a10 !== a11 ? cross(x0, y1, v10, x1, y1, v11) : null;
      const left = a00 !== a10 ? cross(x0, y0, v00, x0, y1, v10) : null;
      const push = (p: [number, number], q: [number, number]) => out.push([p[0], p[1], q[0], q[1]]);
      if (bottom && right && top && left) {
        const centreAbove = (v00 + v01 + v10 + v11) / 4 >= level;
        // Pair the crossings so the corners on the centre's side stay connected through the middle.
        if (a00 === centreAbove) {
          push(bottom, right);
          push(top, left);
        } else {
          push(bottom, left);
          push(right, top);
        }
        continue;
      }
      const pts = [bottom, right, top, left].filter((p): p is [number, number] => p !== null);
      if (pts.length === 2) push(pts[0], pts[1]);
    }
  }
  return out;
}

/** The segments as one SVG path, mapped to pixels by sx and sy. */
export function segmentsToPath(segments: readonly Segment[], sx: (x: number) => number, sy: (y: number) => number): string {
  return segments
    .map(([x1, y1, x2, y2]) => `M${sx(x1).toFixed(1)},${sy(y1).toFixed(1)}L${sx(x2).toFixed(1)},${sy(y2).toFixed(1)}`)
    .join("");
}
