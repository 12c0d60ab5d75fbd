import type { Verdict } from "@/lib/protocol";

/**
 * Short verdict labels shared by the console, the replay and the phone. Each has a symbol so the meaning never rests
 * on colour alone; the words say what the guess did, with the round's symbol (α or β).
 */
export const VERDICT_SYMBOL: Record<Verdict, string> = {
  "too-small": "↓",
  "about-right": "✓",
  "too-large": "↑",
  diverged: "✕",
  "no-guess": "–",
};

export function verdictLabel(verdict: Verdict): string {
  switch (verdict) {
    case "too-small":
      return "too small";
    case "about-right":
      return "about right";
    case "too-large":
      return "too large";
    case "diverged":
      return "diverged";
    case "no-guess":
      return "no guess";
  }
}

/** "0.3 decades from the best" (2 decimals below 0.1, so 0.04 does not read as 0). */
export function decadesText(decades: number): string {
  const n = decades < 0.1 ? decades.toFixed(2) : decades.toFixed(1);
  return `${n} decade${n === "1.0" ? "" : "s"} from the best`;
}
