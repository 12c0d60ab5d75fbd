"use client";
import { useState } from "react";
import { formatAlpha, formatBeta, formatNumber } from "@/app/_components/pictures/format-number";
import { MAX_RUN_STEPS, type HostGates, type HostView, type StepPolicy } from "@/lib/protocol";
import type { Exec } from "./command-runner";
import { ConsoleButton, type ButtonGate } from "./console-button";
import { NumberField, SelectField } from "./field";
import { GatedForm } from "./gated-form";

const POLICY_LABEL: Record<StepPolicy, string> = {
  host: "My α",
  median: "Class median",
  "best-guess": "Best guess",
  engine: "Engine's best α",
  player: "A student's α",
};

function parseAlpha(text: string): number | null {
  const n = Number(text.trim());
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Step the shared network with α from a policy; run k steps with one α; reset the weights. */
export function StepControls({
  view,
  gates,
  busy,
  exec,
  nameOf,
}: {
  view: HostView;
  gates: HostGates;
  busy: string | null;
  exec: Exec;
  nameOf: (playerId: string) => string;
}) {
  const [policy, setPolicy] = useState<StepPolicy>("median");
  const [alphaText, setAlphaText] = useState("0.1");
  const [playerPick, setPlayerPick] = useState("");
  const [runAlphaText, setRunAlphaText] = useState("0.1");
  const [runStepsText, setRunStepsText] = useState("10");

  const revealed = view.round?.status === "revealed" ? view.round : null;
  const results = revealed?.results ?? [];
  // A pick from an earlier round may no longer be valid; fall back to the first student who guessed.
  const playerId = results.some((r) => r.playerId === playerPick) ? playerPick : (results[0]?.playerId ?? "");
  const alpha = parseAlpha(alphaText);
  const runAlpha = parseAlpha(runAlphaText);
  const runSteps = Number(runStepsText);
  const runStepsOk = Number.isInteger(runSteps) && runSteps >= 1 && runSteps <= MAX_RUN_STEPS;

  // The α a self-choosing policy would use comes with its gate (the server's own choice), never worked out here.
  const hint = (p: StepPolicy): string => {
    const g = gates["network:step"][p];
    if (!g.ok || g.alpha === undefined) return "";
    // After a β round the class policies step at its fixed α with the class's β.
    return g.beta === undefined ? ` (${formatAlpha(g.alpha)})` : ` (α ${formatAlpha(g.alpha)}, β ${formatBeta(g.beta)})`;
  };

  let stepGate: ButtonGate = gates["network:step"][policy];
  if (stepGate.ok && policy === "host" && alpha === null) stepGate = { ok: false, why: "Type a learning rate above 0, e.g. 0.1" };
  if (stepGate.ok && policy === "player" && !playerId) stepGate = { ok: false, why: "Pick a student who guessed" };
  const runGate: ButtonGate = !gates["network:run"].ok
    ? gates["network:run"]
    : runAlpha === null
      ? { ok: false, why: "Type a learning rate above 0" }
      : !runStepsOk
        ? { ok: false, why: `Steps must be a whole number from 1 to ${MAX_RUN_STEPS}` }
        : gates["network:run"];

  const step = () => {
    const payload =
      policy === "host" ? { policy, alpha: alpha ?? undefined } : policy === "player" ? { policy, playerId } : { policy };
    void exec("network:step", payload, (r) => {
      const used = `α = ${formatAlpha(r.alpha)}${r.beta === undefined ? "" : `, β = ${formatBeta(r.beta)}`}`;
      return r.diverged
        ? `${used} (${POLICY_LABEL[policy].toLowerCase()}) diverged: the step was too large`
        : `Stepped with ${used} (${POLICY_LABEL[policy].toLowerCase()}): loss ${formatNumber(r.lossBefore)} → ${formatNumber(r.lossAfter)}`;
    });
  };
  const run = () => {
    if (runAlpha === null || !runStepsOk) return;
    void exec("network:run", { alpha: runAlpha, steps: runSteps }, (r) =>
      r.diverged
        ? `Diverged after ${r.stepsApplied} of ${runSteps} steps at α = ${formatAlpha(runAlpha)}`
        : `Ran ${r.stepsApplied} steps at α = ${formatAlpha(runAlpha)}: loss now ${formatNumber(r.lossAfter)}`,
    );
  };

  return (
    <section aria-labelledby="step-controls-title" className="flex flex-col gap-2">
      <h2 id="step-controls-title" className="text-lg font-bold">
        Train the network · step {view.engine.step}
      </h2>
      <GatedForm gate={stepGate} onRun={step}>
        <SelectField label="α from" value={policy} onChange={(e) => setPolicy(e.target.value as StepPolicy)} className="w-full" wrapperClassName="min-w-0 flex-1">
          {(Object.keys(POLICY_LABEL) as StepPolicy[]).map((p) => (
            <option key={p} value={p}>
              {POLICY_LABEL[p]}
              {hint(p)}
            </option>
          ))}
        </SelectField>
        {policy === "host" && (
          <NumberField label="α" className="w-28" value={alphaText} onChange={(e) => setAlphaText(e.target.value)} aria-invalid={alpha === null} />
        )}
        {policy === "player" && (
          <SelectField label="Student" value={playerId} onChange={(e) => setPlayerPick(e.target.value)} className="w-full" wrapperClassName="min-w-0 flex-1" disabled={results.length === 0}>
            {results.length === 0 && <option value="">(no guesses)</option>}
            {results.map((r) => (
              <option key={r.playerId} value={r.playerId}>
                {nameOf(r.playerId)} · {revealed?.guess === "beta" ? `β ${formatBeta(r.alpha)}` : formatAlpha(r.alpha)}
              </option>
            ))}
          </SelectField>
        )}
        <ConsoleButton type="submit" tone={revealed ? "primary" : "secondary"} gate={stepGate} busy={busy === "network:step"} className="w-full">
          Take one step
        </ConsoleButton>
      </GatedForm>
      <GatedForm gate={runGate} onRun={run}>
        <NumberField label="Run with α" className="w-24" value={runAlphaText} onChange={(e) => setRunAlphaText(e.target.value)} aria-invalid={runAlpha === null} />
        <NumberField label="Steps" className="w-16" inputMode="numeric" value={runStepsText} onChange={(e) => setRunStepsText(e.target.value)} aria-invalid={!runStepsOk} />
        <ConsoleButton type="submit" gate={runGate} busy={busy === "network:run"} className="flex-1">
          Run {runStepsOk ? runSteps : ""} steps
        </ConsoleButton>
      </GatedForm>
      <div className="grid grid-cols-2 gap-2">
        <ConsoleButton
          tone="quiet"
          className="border border-slate-300 dark:border-slate-700"
          gate={gates["network:reset"]}
          busy={busy === "network:reset"}
          onClick={() => void exec("network:reset", { seed: "same" }, () => "Weights reset to the same starting point")}
          title="Start again from the same initial weights"
        >
          Reset weights
        </ConsoleButton>
        <ConsoleButton
          tone="quiet"
          className="border border-slate-300 dark:border-slate-700"
          gate={gates["network:reset"]}
          busy={busy === "network:reset"}
          onClick={() => void exec("network:reset", { seed: "new" }, (r) => `New random start (seed ${r.seed})`)}
          title="Start again from new random weights"
        >
          New random start
        </ConsoleButton>
      </div>
    </section>
  );
}
