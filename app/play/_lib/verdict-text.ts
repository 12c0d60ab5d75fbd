import type { Verdict } from "@/lib/protocol";

export type VerdictText = { title: string; sentence: string };

const steps = (k: number) => (k === 1 ? "one step" : `${k} steps`);

/** One plain sentence per verdict, about what the steps did with this momentum β. */
function betaVerdictText(verdict: Verdict, k: number): VerdictText {
  switch (verdict) {
    case "too-small":
      return {
        title: "Too small",
        sentence: `β was too small: the velocity forgot the earlier slopes too fast, so after ${steps(k)} it never built up speed.`,
      };
    case "about-right":
      return { title: "About right", sentence: "Good β: enough memory to build up speed, not so much that it overshot the bottom." };
    case "too-large":
      return {
        title: "Too large",
        sentence: `β was too large: the velocity kept too much speed, so the weights overshot the bottom and curled back.`,
      };
    case "diverged":
      return { title: "Way too large", sentence: "β was far too large: the velocity kept growing and the weights flew out of the bowl." };
    case "no-guess":
      return { title: "No guess", sentence: "You did not lock in a β this round, so it scores nothing. Next round: slide, then tap “Lock in”." };
  }
}

/** One plain sentence per verdict, about what the step did to the weights and the loss. */
export function verdictText(verdict: Verdict, k: number, kind: "alpha" | "beta" = "alpha"): VerdictText {
  if (kind === "beta") return betaVerdictText(verdict, k);
  switch (verdict) {
    case "too-small":
      return {
        title: "Too small",
        sentence: `α was too small: each step barely moved the weights, so after ${steps(k)} the loss had hardly dropped.`,
      };
    case "about-right":
      return {
        title: "About right",
        sentence: `Good α: the steps were big enough to make real progress and small enough to stay in the valley.`,
      };
    case "too-large":
      return {
        title: "Too large",
        sentence: `α was too large: the steps overshot, jumping past the bottom of the valley, so the loss fell less than it could.`,
      };
    case "diverged":
      return {
        title: "Way too large",
        sentence: `α was far too large: every step overshot further than the last, and the loss blew up instead of shrinking.`,
      };
    case "no-guess":
      return {
        title: "No guess",
        sentence: "You did not lock in an α this round, so it scores nothing. Next round: slide, then tap “Lock in”.",
      };
  }
}
