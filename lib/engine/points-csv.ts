/**
 * The class's own points from pasted or uploaded text, for the start form's preview and per-line errors (the server
 * checks the resulting JSON rows again with the scenario schema).
 *
 * Accepted: one point per line, values separated by commas, semicolons, tabs or (when none of those occurs) spaces —
 * the separator is the one the first non-blank line uses; with semicolons, tabs or spaces a comma inside a value is
 * a decimal comma ("1,5" = 1.5). An optional header line (a first line without any number), blank lines,
 * surrounding spaces, double quotes around a value, trailing separators and a byte-order mark are ignored.
 */
import { CONFIG_LIMITS } from "./config";
import { POINT_COLUMNS, valueProblem, type PointScenario } from "./data-points";

/** Most line errors reported; the rest are summed up in one more error. */
export const MAX_CSV_ERRORS = 50;

export interface PointsCsvError {
  /** 1-based line of the text; 0 for the text as a whole (too few or too many points, the summary of more errors). */
  readonly line: number;
  /** "line 7: 'abc' is not a number"; whole-text errors have no line prefix. */
  readonly message: string;
}

export interface PointsCsv {
  /** Every valid line's values as numbers, in text order (rows for config.data.points). */
  readonly points: number[][];
  readonly errors: PointsCsvError[];
  /** The header line's fields, when the text had one. */
  readonly header: string[] | null;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

type Separator = "\t" | ";" | "," | " ";

function separatorOf(line: string): Separator {
  return line.includes("\t") ? "\t" : line.includes(";") ? ";" : line.includes(",") ? "," : " ";
}

function fieldsOf(line: string, sep: Separator): string[] {
  const raw = sep === " " ? line.split(/\s+/) : line.split(sep);
  const fields = raw.map((f) => {
    const t = f.trim();
    const unquoted = t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
    return sep === "," ? unquoted : unquoted.replace(",", ".");
  });
  while (fields.length > 0 && fields[fields.length - 1] === "") fields.pop(); // "1,2," from spreadsheets
  return fields;
}

const show = (field: string) => `'${field.length > 20 ? `${field.slice(0, 17)}...` : field}'`;

/** The line's point, or what is wrong with it. */
function pointOf(fields: readonly string[], columns: readonly string[]): number[] | string {
  if (fields.length < columns.length) {
    const missing = columns.slice(fields.length);
    return `missing the ${missing.join(" and ")} column${missing.length === 1 ? "" : "s"}`;
  }
  if (fields.length > columns.length) return `has ${fields.length} values; expected ${columns.length} (${columns.join(", ")})`;
  const point: number[] = [];
  for (let c = 0; c < columns.length; c++) {
    const field = fields[c];
    if (field === "") return `the ${columns[c]} value is empty`;
    if (!NUMBER.test(field)) return `${show(field)} is not a number`;
    const value = Number(field);
    const problem = valueProblem(columns[c], value);
    if (problem !== null) return Number.isFinite(value) ? problem : `${show(field)} is not a finite number`;
    point.push(value === 0 ? 0 : value);
  }
  return point;
}

/** Parse pasted text into points for a scenario (see the file comment). Pure. */
export function parsePointsCsv(text: string, scenario: PointScenario): PointsCsv {
  const columns = POINT_COLUMNS[scenario];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const points: number[][] = [];
  const errors: PointsCsvError[] = [];
  let header: string[] | null = null;
  let sep: Separator | null = null;
  let more = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const first = sep === null;
    sep ??= separatorOf(line);
    const fields = fieldsOf(line, sep);
    if (first && !fields.some((f) => NUMBER.test(f))) {
      header = fields;
      return;
    }
    const point = pointOf(fields, columns);
    if (typeof point !== "string") points.push(point);
    else if (errors.length < MAX_CSV_ERRORS) errors.push({ line: i + 1, message: `line ${i + 1}: ${point}` });
    else more++;
  });
  if (more > 0) errors.push({ line: 0, message: `…and ${more} more line${more === 1 ? "" : "s"} with errors` });
  const { minDataPoints: min, maxDataPoints: max } = CONFIG_LIMITS;
  if (points.length < min) errors.push({ line: 0, message: `needs at least ${min} points (got ${points.length})` });
  if (points.length > max) errors.push({ line: 0, message: `allows at most ${max} points (got ${points.length})` });
  return { points, errors, header };
}
