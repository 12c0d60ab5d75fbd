/**
 * The class's own points (config.data.points): the row shape per scenario, the checks both the schema and the CSV
 * parser apply to one row, and the scaling rule that makes any data fit the engine's fixed picture domains.
 *
 * Scaling rule (deterministic, a pure function of the points, so a replay reproduces it from the config alone):
 * the inputs are kept as given when every |x| fits the scenario's input bound (±2 for one-weight and line-fit, ±3
 * for curve-fit, ±6 for classification); otherwise ALL inputs are divided by the smallest power of ten that makes
 * them fit (one factor for x1 and x2, so the picture keeps its shape). Regression targets likewise, against ±20
 * (one-weight, line-fit: the generated lines reach about that) or ±3 (curve-fit). Labels are never scaled. Points
 * are never shifted, so a fitted intercept keeps its meaning up to the same factors. Powers of ten are exact doubles
 * up to 1e22 and IEEE division is correctly rounded, so every runtime scales to the same bits.
 */

/** Column names of a row, per scenario (keys are the scenario names of config.ts, which builds on this file). */
export const POINT_COLUMNS = Object.freeze({
  "one-weight": ["x", "y"],
  "line-fit": ["x", "y"],
  "curve-fit": ["x", "y"],
  classification: ["x1", "x2", "label"],
} as const);
/** A scenario name (the same set as config's PointScenario, which cannot be imported here without a type cycle). */
export type PointScenario = keyof typeof POINT_COLUMNS;

/** Half-width of the input range pictures and generated data use, per scenario. */
export const INPUT_BOUND = Object.freeze({ "one-weight": 2, "line-fit": 2, "curve-fit": 3, classification: 6 } as const);
/** Largest |target| kept unscaled for regression scenarios (classification labels are 0/1). */
export const TARGET_BOUND = Object.freeze({ "one-weight": 20, "line-fit": 20, "curve-fit": 3, classification: 1 } as const);

/** Most row problems one validation reports; the rest are summed up in one more issue. */
export const MAX_ROW_ISSUES = 20;

/** "x, y" or "x1, x2, label": how messages name a scenario's columns. */
export function columnList(scenario: PointScenario): string {
  return POINT_COLUMNS[scenario].join(", ");
}

/** What is wrong with one numeric value in a column, or null (finite; a label 0 or 1). */
export function valueProblem(column: string, value: number): string | null {
  if (!Number.isFinite(value)) return `${column} is not a finite number`;
  if (column === "label" && value !== 0 && value !== 1) return `label must be 0 or 1 (got ${value})`;
  return null;
}

/**
 * What is wrong with one row of config.data.points (any JSON value), or null. Without a scenario, any scenario's
 * row shape is accepted: 2 values (x, y) or 3 (x1, x2, label).
 */
export function rowProblem(scenario: PointScenario | null, row: unknown): string | null {
  if (!Array.isArray(row)) return scenario === null ? "must be a list of numbers" : `must be a list of ${POINT_COLUMNS[scenario].length} numbers (${columnList(scenario)})`;
  if (scenario === null && row.length !== 2 && row.length !== 3) return `needs 2 values (x, y) or 3 (x1, x2, label), got ${row.length}`;
  const columns: readonly string[] = POINT_COLUMNS[scenario ?? (row.length === 2 ? "line-fit" : "classification")];
  if (row.length !== columns.length)
    return `needs ${columns.length} values (${columns.join(", ")}), got ${row.length}`;
  for (let c = 0; c < columns.length; c++) {
    const value: unknown = row[c];
    if (typeof value !== "number") return `${columns[c]} is not a finite number`;
    const problem = valueProblem(columns[c], value);
    if (problem !== null) return problem;
  }
  return null;
}

/** Every row's problem as "row N: …" (1-based, N = index + 1), at most MAX_ROW_ISSUES of them plus a summary. */
export function rowIssues(scenario: PointScenario | null, rows: readonly unknown[]): { index: number | null; message: string }[] {
  const issues: { index: number | null; message: string }[] = [];
  let more = 0;
  rows.forEach((row, i) => {
    const problem = rowProblem(scenario, row);
    if (problem === null) return;
    if (issues.length < MAX_ROW_ISSUES) issues.push({ index: i, message: `row ${i + 1}: ${problem}` });
    else more++;
  });
  if (more > 0) issues.push({ index: null, message: `…and ${more} more row${more === 1 ? "" : "s"} with problems` });
  return issues;
}

export interface DataScaling {
  /** Every input is divided by this (1 = kept as given). */
  readonly x: number;
  /** Every regression target is divided by this (1 = kept; always 1 for classification). */
  readonly y: number;
  /** One sentence for the instructor, e.g. "x divided by 100 so the points fit −2…2." */
  readonly note: string;
}

/** The smallest power of ten d ≥ 1 with max|v| / d ≤ bound. */
function powerOfTen(maxAbs: number, bound: number): number {
  let d = 1;
  while (maxAbs / d > bound) d *= 10;
  return d;
}

function maxAbs(values: Iterable<number>): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

const range = (bound: number) => `−${bound}…${bound}`;

/** The scaling of given points for a scenario (see the file comment). */
export function scalingOf(scenario: PointScenario, points: readonly (readonly number[])[]): DataScaling {
  const inputs = POINT_COLUMNS[scenario].length - 1;
  const xb = INPUT_BOUND[scenario];
  const x = powerOfTen(maxAbs(points.flatMap((p) => p.slice(0, inputs))), xb);
  if (scenario === "classification") {
    const note = x === 1 ? `The points are used as given (they fit ${range(xb)}).` : `x1 and x2 divided by ${x} so the points fit ${range(xb)}.`;
    return { x, y: 1, note };
  }
  const yb = TARGET_BOUND[scenario];
  const y = powerOfTen(maxAbs(points.map((p) => p[1])), yb);
  const parts = [x === 1 ? null : `x divided by ${x}`, y === 1 ? null : `y divided by ${y}`].filter((s) => s !== null);
  const note =
    parts.length === 0
      ? `The points are used as given (x fits ${range(xb)}, y fits ${range(yb)}).`
      : `${parts.join(" and ")} so the points fit x ${range(xb)}, y ${range(yb)}.`;
  return { x, y, note };
}

/** Scaled inputs (point-major: xs[s * inputs + d]) and targets of the given points, in their given order. */
export function scaledPoints(
  scenario: PointScenario,
  points: readonly (readonly number[])[],
): { xs: number[]; ys: number[]; inputDim: number; scaling: DataScaling } {
  const scaling = scalingOf(scenario, points);
  const inputDim = POINT_COLUMNS[scenario].length - 1;
  const xs: number[] = [];
  const ys: number[] = [];
  // −0 reads back from stored JSON as 0: normalised so the live lesson and its replay see the same bits.
  const clean = (v: number) => (v === 0 ? 0 : v);
  for (const p of points) {
    for (let d = 0; d < inputDim; d++) xs.push(clean(p[d] / scaling.x));
    ys.push(clean(scenario === "classification" ? p[inputDim] : p[inputDim] / scaling.y));
  }
  return { xs, ys, inputDim, scaling };
}

/** Drawing range of each input for custom points: their span with a 10 % margin each side (1 when all are equal). */
export function spanDomain(xs: readonly number[], inputDim: number): [number, number][] {
  return Array.from({ length: inputDim }, (_, d) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = d; i < xs.length; i += inputDim) {
      lo = Math.min(lo, xs[i]);
      hi = Math.max(hi, xs[i]);
    }
    const pad = hi > lo ? (hi - lo) * 0.1 : Math.max(1, Math.abs(lo) * 0.1);
    return [lo - pad, hi + pad];
  });
}

/** How a configuration's own points are scaled (see the file comment); null when it has generated data. */
export function dataScaling(config: {
  readonly scenario: PointScenario;
  readonly data?: { readonly points: readonly (readonly number[])[] };
}): DataScaling | null {
  return config.data ? scalingOf(config.scenario, config.data.points) : null;
}
