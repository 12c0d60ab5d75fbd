"use client";
import { useState } from "react";
import { MAX_HORIZON_STEPS, ROUND_TIMER_LIMITS, type HostGates, type HostView } from "@/lib/protocol";
import type { Exec } from "./command-runner";
import { ConsoleButton, type ButtonGate } from "./console-button";
import { NumberField } from "./field";
import { GatedForm } from "./gated-form";
import { RoundFlow } from "./round-flow";

/** Parses the timer box: blank = untimed; otherwise whole seconds in the server's limits. */
function parseTimer(text: string): { ok: true; value: number | null } | { ok: false; why: string } {
  const t = text.trim();
  if (t === "") return { ok: true, value: null };
  const n = Number(t);
  if (!Number.isInteger(n) || n < ROUND_TIMER_LIMITS.min || n > ROUND_TIMER_LIMITS.max)
    return { ok: false, why: `Timer must be ${ROUND_TIMER_LIMITS.min}–${ROUND_TIMER_LIMITS.max} whole seconds, or blank for none` };
  return { ok: true, value: n };
}

function parseK(text: string): { ok: true; value: number } | { ok: false; why: string } {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_HORIZON_STEPS)
    return { ok: false, why: `Steps k must be a whole number from 1 to ${MAX_HORIZON_STEPS}` };
  return { ok: true, value: n };
}

/** Open (with timer and horizon k), close and reveal, with where the round stands. */
export function RoundControls({
  view,
  gates,
  busy,
  exec,
  answered,
  total,
}: {
  view: HostView;
  gates: HostGates;
  busy: string | null;
  exec: Exec;
  answered: number;
  total: number;
}) {
  const [timerText, setTimerText] = useState("30");
  const [kText, setKText] = useState("1");
  const timer = parseTimer(timerText);
  const k = parseK(kText);
  const round = view.round;
  const serverGate = gates["round:open"];
  const openGate: ButtonGate = !serverGate.ok ? serverGate : !timer.ok ? timer : !k.ok ? k : serverGate;
  const problem = (!timer.ok && timer.why) || (!k.ok && k.why) || null;

  const open = () => {
    if (!timer.ok || !k.ok) return;
    void exec("round:open", { timerSeconds: timer.value, k: k.value });
  };

  return (
    <section aria-labelledby="round-controls-title" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="round-controls-title" className="text-lg font-bold">
          {round ? `Round ${round.number}` : "Rounds"}
          {round?.status === "open" && (
            <span className="ml-2 font-semibold tabular-nums text-slate-700 dark:text-slate-300">
              · {answered}/{total} answered
            </span>
          )}
        </h2>
        <RoundFlow round={round} />
      </div>
      <GatedForm gate={openGate} onRun={open}>
        <NumberField
          label="Timer (s)"
          hint={`Seconds students have to guess (${ROUND_TIMER_LIMITS.min}–${ROUND_TIMER_LIMITS.max}); leave blank for no timer`}
          className="w-20"
          inputMode="numeric"
          value={timerText}
          placeholder="none"
          onChange={(e) => setTimerText(e.target.value)}
          aria-invalid={!timer.ok}
        />
        <NumberField
          label="Steps k"
          hint="Guesses are scored by the loss after this many steps with the guessed α"
          className="w-16"
          inputMode="numeric"
          value={kText}
          onChange={(e) => setKText(e.target.value)}
          aria-invalid={!k.ok}
        />
        <ConsoleButton type="submit" tone="primary" gate={openGate} busy={busy === "round:open"} className="flex-1">
          Open round {round ? round.number + (round.status === "open" ? 0 : 1) : 1}
        </ConsoleButton>
      </GatedForm>
      {problem && (
        <p role="alert" className="text-sm font-medium text-[#9a3d00] dark:text-orange-300">
          {problem}
        </p>
      )}
      <div className="grid grid-cols-2 gap-2">
        <ConsoleButton gate={gates["round:close"]} busy={busy === "round:close"} onClick={() => void exec("round:close", {})}>
          Close guessing
        </ConsoleButton>
        <ConsoleButton
          tone={round?.status === "closed" ? "primary" : "secondary"}
          gate={gates["round:reveal"]}
          busy={busy === "round:reveal"}
          onClick={() => void exec("round:reveal", {})}
        >
          Reveal
        </ConsoleButton>
      </div>
    </section>
  );
}
