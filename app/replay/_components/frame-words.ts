import { formatAlpha } from "@/app/_components/pictures/format-number";
import { POLICY_WORDS } from "@/app/_components/pictures/policy-words";
import type { EventOf } from "@/lib/session";

/** "Step 7 · α = 0.3 (class median)" or "Steps 8–12 · α = 0.05 (run of steps)", counting steps from the start. */
export function stepWords(stepsBefore: number, e: EventOf<"network.stepped">): string {
  const first = stepsBefore + 1;
  const last = stepsBefore + e.stepsApplied;
  const which =
    e.stepsApplied === 0 ? "No step taken" : e.stepsApplied === 1 ? `Step ${first}` : `Steps ${first}–${last}`;
  return `${which} · α = ${formatAlpha(e.alpha)} (${POLICY_WORDS[e.policy]})${e.diverged ? " · diverged" : ""}`;
}
