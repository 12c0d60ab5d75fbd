import type { LossPoint } from "@/lib/protocol";

/** Where a step's α came from, in the words the console, its loss chart and the replay's frame labels all use. */
export const POLICY_WORDS: Record<NonNullable<LossPoint["policy"]>, string> = {
  host: "instructor's α",
  median: "class median",
  "best-guess": "best guess",
  engine: "engine's best α",
  player: "a student's α",
  run: "run of steps",
  reset: "network reset",
};
