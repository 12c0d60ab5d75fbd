"use client";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { CurveTarget, DatasetName, ScenarioName } from "@/lib/engine";
import type { CreateSessionResponse } from "@/lib/protocol";
// Deep import: the barrel would bring the engine into the landing bundle (lib/protocol/http imports its schema).
import { ErrorResponseSchema } from "@/lib/protocol/error-response";
import { parsePointsCsv } from "@/lib/engine/points-csv";
import { saveHostSession } from "@/app/_lib/stored-credentials";
import { Button } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { AdvancedOptions, type AdvancedValues } from "./advanced-options";
import { fieldIssue, type FieldIssue } from "./config-issues";
import { OwnData, type OwnDataValues } from "./own-data";
import { PictureCards, RadioCards } from "./radio-cards";
import { CURVE_TARGETS, DATASETS, SCENARIO_CARDS, type FormLimits, type ScenarioDefaults } from "./session-options";

type Props = {
  defaults: Record<ScenarioName, ScenarioDefaults>;
  limits: FormLimits;
  /** SVG thumbnails rendered on the server (the engine that draws them stays there). */
  pictures: {
    scenarios: Record<ScenarioName, ReactNode>;
    datasets: Record<DatasetName, ReactNode>;
    targets: Record<CurveTarget, ReactNode>;
  };
};

const ADVANCED_FIELDS = new Set(["name", "numPoints", "noise", "hiddenLayers", "loss", "seed", "rules", "optimizer"]);

function advancedFor(d: ScenarioDefaults, keep?: AdvancedValues): AdvancedValues {
  return {
    title: keep?.title ?? "",
    numPoints: String(d.numPoints),
    noise: d.noise,
    hiddenLayers: d.hiddenLayers?.map((l) => ({ ...l })) ?? [],
    loss: d.loss ?? "bce",
    seed: keep?.seed ?? "",
    speedBonus: keep?.speedBonus ?? false,
    hideNicknames: keep?.hideNicknames ?? false,
    profanityFilter: keep?.profanityFilter ?? true,
    optimizer: keep?.optimizer ?? "gd",
    beta: keep?.beta ?? "0.9",
  };
}

/** Empty → leave it to the server's default; not a number → send the text so the server names the problem. */
function numberOrText(text: string): number | string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function isCreated(body: unknown): body is CreateSessionResponse {
  const b = body as Partial<CreateSessionResponse> | null;
  return !!b && b.ok === true && typeof b.sessionId === "string" && typeof b.hostToken === "string" && typeof b.joinCode === "string";
}

/**
 * Instructors: pick a scenario (and a dataset or curve), optionally tune the advanced options, create the session.
 * The host token goes to localStorage, never into the URL; the console opens at /host/<sessionId>.
 */
export function StartSessionForm({ defaults, limits, pictures }: Props) {
  const router = useRouter();
  const summary = useRef<HTMLDivElement>(null);
  const [scenario, setScenario] = useState<ScenarioName>("one-weight");
  const [dataset, setDataset] = useState<DatasetName>("circle");
  const [target, setTarget] = useState<CurveTarget>("sine");
  const [advanced, setAdvanced] = useState<AdvancedValues>(() => advancedFor(defaults["one-weight"]));
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [ownData, setOwnData] = useState<OwnDataValues>({ on: false, text: "" });
  // Parsed on every change with the same checks the server applies; Start waits until no line is wrong.
  const parsed = useMemo(
    () => (ownData.on && ownData.text.trim() !== "" ? parsePointsCsv(ownData.text, scenario) : null),
    [ownData.on, ownData.text, scenario],
  );
  const dataBlocked = ownData.on && (parsed === null || parsed.errors.length > 0);

  const autoTitle = ownData.on
    ? `${SCENARIO_CARDS.find((c) => c.id === scenario)?.title}: our own data`
    : scenario === "classification"
      ? `Classification: ${DATASETS.find((d) => d.id === dataset)?.title.toLowerCase()}`
      : scenario === "curve-fit"
        ? `Curve fit: ${CURVE_TARGETS.find((t) => t.id === target)?.title.toLowerCase()}`
        : defaults[scenario].name;

  function chooseScenario(next: ScenarioName) {
    setScenario(next);
    // Sizes, noise and networks differ per scenario; the title, seed and rules are the instructor's and stay.
    setAdvanced((current) => advancedFor(defaults[next], current));
    setIssues([]);
  }

  function showIssues(found: FieldIssue[]) {
    setIssues(found);
    if (found.some((i) => i.field !== null && ADVANCED_FIELDS.has(i.field))) setAdvancedOpen(true);
    setSubmitting(false);
    requestAnimationFrame(() => summary.current?.focus());
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting || dataBlocked) return;
    setSubmitting(true);
    setIssues([]);
    const config: Record<string, unknown> = {
      scenario,
      name: advanced.title.trim() || autoTitle,
      seed: numberOrText(advanced.seed),
    };
    // The class's points replace the generated ones, so their count and noise are not sent.
    if (ownData.on && parsed) config.data = { points: parsed.points };
    else Object.assign(config, { numPoints: numberOrText(advanced.numPoints), noise: advanced.noise });
    if (scenario === "classification") Object.assign(config, { dataset, hiddenLayers: advanced.hiddenLayers, loss: advanced.loss });
    if (scenario === "curve-fit") Object.assign(config, { target, hiddenLayers: advanced.hiddenLayers });
    // Absent = plain gradient descent, exactly as every session before momentum existed.
    if (advanced.optimizer === "momentum") config.optimizer = { kind: "momentum", beta: numberOrText(advanced.beta) };
    const rules = { speedBonus: advanced.speedBonus, hideNicknames: advanced.hideNicknames, profanityFilter: advanced.profanityFilter };

    let response: Response;
    try {
      response = await fetch("/api/sessions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ config, rules }),
      });
    } catch {
      showIssues([{ field: null, label: "", message: "Could not reach the server. Check the connection and try again." }]);
      return;
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.status === 201 && isCreated(body)) {
      saveHostSession({
        sessionId: body.sessionId,
        hostToken: body.hostToken,
        joinCode: body.joinCode,
        scenario: body.config.scenario,
        title: body.config.name,
        createdAt: Date.now(),
      });
      router.push(`/host/${body.sessionId}`);
      return; // stay "Creating…" until the console replaces this page
    }
    const failure = ErrorResponseSchema.safeParse(body);
    if (!failure.success) {
      showIssues([{ field: null, label: "", message: `The server answered with status ${response.status}. Try again in a moment.` }]);
      return;
    }
    const { issues, message } = failure.data;
    showIssues(issues && issues.length > 0 ? issues.map(fieldIssue) : [{ field: null, label: "", message }]);
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-5" aria-label="Start a session">
      <RadioCards
        name="scenario"
        legend="Scenario"
        grid="grid-cols-1 sm:grid-cols-2"
        value={scenario}
        onChange={chooseScenario}
        options={SCENARIO_CARDS.map((card) => ({
          id: card.id,
          title: card.title,
          formula: card.formula,
          detail: card.blurb,
          picture: pictures.scenarios[card.id],
        }))}
      />

      {scenario === "classification" && !ownData.on ? (
        <PictureCards name="dataset" legend="Dataset" grid="grid-cols-3 sm:grid-cols-5" value={dataset} onChange={setDataset} items={DATASETS} pictures={pictures.datasets} />
      ) : null}

      {scenario === "curve-fit" && !ownData.on ? (
        <PictureCards name="target" legend="Curve to fit" grid="grid-cols-2 sm:grid-cols-4" value={target} onChange={setTarget} items={CURVE_TARGETS} pictures={pictures.targets} />
      ) : null}

      <OwnData
        scenario={scenario}
        values={ownData}
        set={(patch) => {
          setOwnData((current) => ({ ...current, ...patch }));
          setIssues((current) => current.filter((i) => i.field !== "data"));
        }}
        parsed={parsed}
        issues={issues.filter((i) => i.field === "data")}
      />

      <AdvancedOptions
        scenario={scenario}
        ownData={ownData.on}
        values={advanced}
        set={(patch) => setAdvanced((current) => ({ ...current, ...patch }))}
        limits={limits}
        titlePlaceholder={autoTitle}
        issues={issues}
        open={advancedOpen}
        onOpenChange={setAdvancedOpen}
      />

      <div ref={summary} tabIndex={-1} className="outline-none">
        {issues.length > 0 ? (
          <Notice tone="error" role="alert" title="The session was not created">
            <ul className="mt-1 list-disc pl-5">
              {issues.map((issue, i) => (
                <li key={i}>
                  {issue.label ? <strong>{issue.label}: </strong> : null}
                  {issue.message}
                </li>
              ))}
            </ul>
          </Notice>
        ) : null}
      </div>

      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="submit"
          size="lg"
          disabled={submitting || dataBlocked}
          aria-describedby="start-hint"
          className="grow sm:grow-0"
        >
          {submitting ? "Creating…" : "Create session"}
        </Button>
        <p id="start-hint" className="text-sm text-slate-700 dark:text-slate-300">
          {dataBlocked
            ? parsed === null
              ? "Paste or upload your points first, or untick “Use your own data”."
              : "Fix the problems in your points first."
            : "You get a join code and the projector console."}
        </p>
      </div>
    </form>
  );
}
