import { formatAlpha, formatBeta } from "@/app/_components/pictures/format-number";
import { POLICY_WORDS } from "@/app/_components/pictures/policy-words";
import type { EventOf } from "@/lib/session";

/** "Step 7 · α = 0.3 (class median)" or "Steps 8–12 · α = 0.05 (run of steps)", counting steps from the start. */
export function stepWords(stepsBefore: number, e: EventOf<"network.stepped">): string {
  const first = stepsBefore + 1;
  const last = stepsBefore + e.stepsApplied;
  const which =
    e.stepsApplied === 0 ? "No step taken" : e.stepsApplied === 1 ? `Step ${first}` : `Steps ${first}–${last}`;
  // A step on a class's β (after a β round) says so; the configuration's own β is not repeated on every step.
  const beta = e.beta === undefined ? "" : `, β = ${formatBeta(e.beta)}`;
  return `${which} · α = ${formatAlpha(e.alpha)}${beta} (${POLICY_WORDS[e.policy]})${e.diverged ? " · diverged" : ""}`;
}
