"use client";
import { useState } from "react";
import { isMomentum } from "@/lib/engine";
import { GuessKind, MAX_HORIZON_STEPS, ROUND_TIMER_LIMITS, type HostGates, type HostView } from "@/lib/protocol";
import { BETA_ROUND_DEFAULT_K, BETA_ROUND_MIN_K } from "@/lib/session";
import { formatAlpha } from "@/app/_components/pictures/format-number";
import { Segmented } from "@/app/_components/ui/segmented";
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

function parseK(text: string, min: number): { ok: true; value: number } | { ok: false; why: string } {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < min || n > MAX_HORIZON_STEPS)
    return {
      ok: false,
      why:
        min > 1
          ? `A β round needs k from ${min} to ${MAX_HORIZON_STEPS} steps: one step from rest is the same for every β`
          : `Steps k must be a whole number from 1 to ${MAX_HORIZON_STEPS}`,
    };
  return { ok: true, value: n };
}

/** The β round's fixed α: blank lets the server choose (the latest step's α, else the engine's best). */
function parseFixedAlpha(text: string): { ok: true; value: number | undefined } | { ok: false; why: string } {
  const t = text.trim();
  if (t === "") return { ok: true, value: undefined };
  const n = Number(t);
  return Number.isFinite(n) && n > 0 ? { ok: true, value: n } : { ok: false, why: "The fixed α must be a number above 0, or blank" };
}

/** The α the class has been stepping with: the server's default for a β round's fixed α, shown as the hint. */
function latestAlpha(view: HostView): number | null {
  for (let i = view.history.length - 1; i >= 0; i--) if (view.history[i].alpha !== null) return view.history[i].alpha;
  return null;
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
  const [betaKText, setBetaKText] = useState(String(BETA_ROUND_DEFAULT_K));
  const [alphaText, setAlphaText] = useState("");
  const [kindChoice, setKind] = useState<GuessKind>(GuessKind.alpha);
  const momentum = isMomentum(view.session.config);
  const kind = momentum ? kindChoice : GuessKind.alpha;
  const beta = kind === GuessKind.beta;
  const timer = parseTimer(timerText);
  const k = beta ? parseK(betaKText, BETA_ROUND_MIN_K) : parseK(kText, 1);
  const fixedAlpha = beta ? parseFixedAlpha(alphaText) : ({ ok: true, value: undefined } as const);
  const suggested = latestAlpha(view);
  const round = view.round;
  const serverGate = beta ? gates["round:open-beta"] : gates["round:open"];
  const openGate: ButtonGate = !serverGate.ok ? serverGate : !timer.ok ? timer : !k.ok ? k : !fixedAlpha.ok ? fixedAlpha : serverGate;
  const problem = (!timer.ok && timer.why) || (!k.ok && k.why) || (!fixedAlpha.ok && fixedAlpha.why) || null;
  const next = round ? round.number + (round.status === "open" ? 0 : 1) : 1;

  const open = () => {
    if (!timer.ok || !k.ok || !fixedAlpha.ok) return;
    if (beta)
      void exec("round:open", {
        timerSeconds: timer.value,
        k: k.value,
        guess: GuessKind.beta,
        ...(fixedAlpha.value === undefined ? {} : { alpha: fixedAlpha.value }),
      });
    else void exec("round:open", { timerSeconds: timer.value, k: k.value });
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
      {momentum && (
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          <span>Next round guesses</span>
          <Segmented
            label="What the next round guesses"
            value={kind}
            onChange={setKind}
            options={[
              { value: GuessKind.alpha, label: "learning rate α" },
              { value: GuessKind.beta, label: "momentum β" },
            ]}
          />
        </div>
      )}
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
        {beta ? (
          <>
            <NumberField
              label="Steps k"
              hint={`β guesses are scored by the loss after this many momentum steps (at least ${BETA_ROUND_MIN_K})`}
              className="w-16"
              inputMode="numeric"
              value={betaKText}
              onChange={(e) => setBetaKText(e.target.value)}
              aria-invalid={!k.ok}
            />
            <NumberField
              label="Fixed α"
              hint="The learning rate every β is tried with; leave blank for the α the class last stepped with"
              className="w-24"
              value={alphaText}
              placeholder={suggested !== null ? formatAlpha(suggested) : "auto"}
              onChange={(e) => setAlphaText(e.target.value)}
              aria-invalid={!fixedAlpha.ok}
            />
          </>
        ) : (
          <NumberField
            label="Steps k"
            hint="Guesses are scored by the loss after this many steps with the guessed α"
            className="w-16"
            inputMode="numeric"
            value={kText}
            onChange={(e) => setKText(e.target.value)}
            aria-invalid={!k.ok}
          />
        )}
        <ConsoleButton type="submit" tone="primary" gate={openGate} busy={busy === "round:open"} className="flex-1">
          {beta ? `Open β round ${next}` : momentum ? `Open α round ${next}` : `Open round ${next}`}
        </ConsoleButton>
      </GatedForm>
      {beta && !problem && serverGate.ok && (
        <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="beta-round-note">
          β needs k ≥ {BETA_ROUND_MIN_K}: one step from rest is the same for every β. α stays fixed
          {alphaText.trim() === "" && suggested !== null ? ` at ${formatAlpha(suggested)} (the latest step's)` : ""}.
        </p>
      )}
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
