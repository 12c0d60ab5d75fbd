"use client";
import { useId, useState, type ChangeEvent } from "react";
import type { ScenarioName } from "@/lib/engine";
// Deep imports: the barrel would bring the whole engine into the landing bundle; these two are small and pure.
import { CONFIG_LIMITS } from "@/lib/engine/config";
import { POINT_COLUMNS, scaledPoints, spanDomain } from "@/lib/engine/data-points";
import type { PointsCsv } from "@/lib/engine/points-csv";
import type { FieldIssue } from "./config-issues";
import { ClassPointsPicture, RegressionPointsPicture } from "./points-picture";

/** Uploads larger than this are refused before reading: 1,000 rows of three long numbers fit in well under it. */
export const MAX_UPLOAD_BYTES = 200 * 1024;

export type OwnDataValues = { on: boolean; text: string };

type Props = {
  scenario: ScenarioName;
  values: OwnDataValues;
  set: (patch: Partial<OwnDataValues>) => void;
  /** parsePointsCsv's answer for the current text; null while the text is empty. */
  parsed: PointsCsv | null;
  /** The server's complaints about config.data, if the last attempt was refused. */
  issues: FieldIssue[];
};

const SAMPLE: Record<ScenarioName, string> = {
  "one-weight": "x,y\n0.5,1.4\n1.0,3.1\n1.5,4.4\n2.0,6.2",
  "line-fit": "x,y\n0.5,2.4\n1.0,4.1\n1.5,5.4\n2.0,7.2",
  "curve-fit": "x,y\n-2,0.9\n-1,-0.8\n0,0.1\n1,0.8\n2,-0.9",
  classification: "x1,x2,label\n0.2,0.1,1\n-0.3,0.4,1\n2.5,2.1,0\n-2.2,2.6,0",
};

const hintClass = "text-sm text-slate-700 dark:text-slate-300";

/**
 * "Use your own data": paste or upload CSV rows for the chosen scenario. The parent parses the text on every change
 * (parsePointsCsv, the same checks the server applies) and keeps Start disabled while any line is wrong; this shows
 * the expected format, the errors by line, a preview of the points as the engine will scale them, and the scaling.
 */
export function OwnData({ scenario, values, set, parsed, issues }: Props) {
  const id = useId();
  const [fileNote, setFileNote] = useState<string | null>(null);
  const columns = POINT_COLUMNS[scenario];
  const isClassification = scenario === "classification";
  const errors = [...(parsed?.errors ?? []).map((e) => e.message), ...issues.map((i) => `${i.label}: ${i.message}`)];
  const ok = parsed !== null && parsed.errors.length === 0;
  const ids = { format: `${id}-format`, errors: `${id}-errors`, file: `${id}-file`, text: `${id}-text` };

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = ""; // choosing the same file again after editing it still reads it
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) {
      setFileNote(`${file.name} is ${Math.ceil(file.size / 1024)} KB; files up to ${MAX_UPLOAD_BYTES / 1024} KB are read.`);
      return;
    }
    try {
      set({ text: await file.text() });
      setFileNote(`Read ${file.name}.`);
    } catch {
      setFileNote(`Could not read ${file.name}.`);
    }
  }

  return (
    <div className="flex flex-col gap-3 rounded-xl border border-slate-300 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
      <label className="flex min-h-11 cursor-pointer items-start gap-3">
        <input
          type="checkbox"
          checked={values.on}
          onChange={(e) => set({ on: e.target.checked })}
          className="mt-0.5 size-5 shrink-0 accent-brand"
        />
        <span>
          <span className="font-semibold">Use your own data</span>
          <span className={`block ${hintClass}`}>Paste or upload the class’s measurements instead of generated points.</span>
        </span>
      </label>

      {values.on ? (
        <div className="flex flex-col gap-3">
          <div id={ids.format} className={hintClass}>
            <p>
              One point per line: <code className="font-mono font-semibold text-ink dark:text-slate-100">{columns.join(",")}</code>
              {isClassification ? " with label 0 or 1" : ""}. {CONFIG_LIMITS.minDataPoints} to{" "}
              {CONFIG_LIMITS.maxDataPoints.toLocaleString("en")} points; a header line is optional. Commas, semicolons or tabs
              separate values. The usual training/test split applies.
            </p>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={ids.text} className="font-semibold">
              Points ({columns.join(", ")})
            </label>
            <textarea
              id={ids.text}
              value={values.text}
              onChange={(e) => set({ text: e.target.value })}
              rows={7}
              spellCheck={false}
              placeholder={SAMPLE[scenario]}
              className="w-full rounded-lg border-2 border-slate-400 bg-white p-2 font-mono text-base text-ink focus:border-brand focus:outline-3 focus:outline-brand/30 aria-invalid:border-negative dark:bg-slate-900 dark:text-slate-100"
              aria-invalid={errors.length > 0 && values.text.trim() !== "" ? true : undefined}
              aria-describedby={`${ids.format} ${ids.errors}`}
            />
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <label
              htmlFor={ids.file}
              className="inline-flex min-h-11 cursor-pointer items-center rounded-lg border-2 border-brand px-4 font-semibold text-brand has-focus-visible:outline-3 has-focus-visible:outline-brand dark:border-sky-300 dark:text-sky-300"
            >
              Upload a CSV file…
              <input id={ids.file} type="file" accept=".csv,text/csv" onChange={upload} className="sr-only" />
            </label>
            {fileNote ? (
              <p role="status" className={hintClass}>
                {fileNote}
              </p>
            ) : null}
          </div>

          {/* Polite, not alert: it changes on every keystroke. Empty until there is something to say. */}
          <div id={ids.errors} aria-live="polite" data-testid="own-data-errors">
            {values.text.trim() !== "" && errors.length > 0 ? (
              <div className="rounded-xl border-l-4 border-negative bg-orange-50 p-3 text-ink dark:bg-slate-900 dark:text-slate-100">
                <p className="font-semibold">
                  {errors.length === 1 ? "1 problem" : `${errors.length} problems`} in the points — fix them to start:
                </p>
                <ul className="mt-1 max-h-48 list-disc overflow-y-auto pl-5 text-base">
                  {errors.map((message, i) => (
                    <li key={i}>{message}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>

          {ok ? <Preview scenario={scenario} points={parsed.points} /> : null}
        </div>
      ) : null}
    </div>
  );
}

/** The points as the engine will train on them (scaled by powers of ten when they are large), with the scaling note. */
function Preview({ scenario, points }: { scenario: ScenarioName; points: number[][] }) {
  const { xs, ys, inputDim, scaling } = scaledPoints(scenario, points);
  const domain = spanDomain(xs, inputDim);
  const picture = "size-40 shrink-0 rounded-lg border border-slate-200 bg-white sm:size-48 dark:border-slate-700";
  const label = `Preview of your ${points.length} points`;
  return (
    <figure className="flex flex-wrap items-center gap-4" data-testid="own-data-preview">
      {scenario === "classification" ? (
        <ClassPointsPicture xs={xs} labels={ys} domain={[domain[0], domain[1]]} label={label} className={picture} />
      ) : (
        <RegressionPointsPicture xs={xs} ys={ys} xDomain={domain[0]} label={label} className={picture} />
      )}
      <figcaption className="min-w-48 flex-1 text-base">
        <p className="font-semibold">{points.length.toLocaleString("en")} points ready.</p>
        <p className={hintClass} data-testid="own-data-scaling">
          {scaling.note}
        </p>
        {scenario === "classification" ? (
          <p className={hintClass}>Dots are label 1, crosses label 0.</p>
        ) : null}
      </figcaption>
    </figure>
  );
}
