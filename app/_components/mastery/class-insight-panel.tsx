import type { ClassInsight } from "@/lib/protocol";
import { VERDICT_SYMBOL, verdictLabel } from "./verdict-words";

const ORDER = ["too-small", "about-right", "too-large", "diverged"] as const;

// Chip tones repeat the verdict's symbol and words; dark text on light fills keeps ≥ 4.5:1 in both themes.
const TONE: Record<(typeof ORDER)[number], string> = {
  "too-small": "border-positive bg-sky-50 text-slate-950",
  "about-right": "border-accent bg-emerald-50 text-slate-950",
  "too-large": "border-warn bg-amber-50 text-slate-950",
  diverged: "border-negative bg-orange-50 text-slate-950",
};

/**
 * The class at a reveal, as the server judged it (view.round.insight): how many guesses fell in each verdict, and
 * one sentence on the biggest group's mistake with this round's figures. The biggest group's chip is outlined thicker.
 */
export function ClassInsightPanel({ insight, size = "console" }: { insight: ClassInsight; size?: "console" | "replay" }) {
  const text = size === "console" ? "text-base 2xl:text-xl" : "text-base";
  return (
    <section aria-label="What the class did" className="flex flex-wrap items-center gap-x-4 gap-y-1" data-testid="class-insight">
      <ul className="flex flex-wrap gap-1.5" aria-label="Guesses per verdict">
        {ORDER.map((v) => (
          <li
            key={v}
            className={`rounded-full px-2.5 py-0.5 font-semibold tabular-nums ${TONE[v]} ${insight.biggest === v ? "border-3" : "border"} ${text}`}
          >
            <span aria-hidden="true">{VERDICT_SYMBOL[v]} </span>
            {insight.counts[v]} {verdictLabel(v)}
          </li>
        ))}
      </ul>
      <p className={`min-w-0 flex-1 text-slate-800 dark:text-slate-200 ${text}`} data-testid="insight-sentence">
        {insight.sentence}
      </p>
    </section>
  );
}
