import { formatAlpha } from "@/app/_components/pictures/format-number";
import type { GuessKind } from "@/lib/protocol";

/**
 * The question of an open round and how many have answered, as the console shows it live and the replay shows it
 * afterwards. `live` makes the count a polite live region with an easing bar; a replay scrubs, so it has neither.
 */
export function RoundQuestion({
  k,
  answered,
  total,
  live,
  guess = "alpha",
  fixedAlpha = null,
}: {
  k: number;
  answered: number;
  total: number;
  live: boolean;
  guess?: GuessKind;
  /** A β round's fixed α. */
  fixedAlpha?: number | null;
}) {
  const share = total > 0 ? answered / total : 0;
  const steps = k === 1 ? "one step" : `${k} steps`;
  return (
    <>
      {guess === "beta" ? (
        <h2 className="text-3xl leading-tight font-bold 2xl:text-5xl">
          Guess β (momentum) at α = {formatAlpha(fixedAlpha)}: which β gives the lowest loss after {steps}?
        </h2>
      ) : (
        <h2 className="text-3xl leading-tight font-bold 2xl:text-5xl">Which learning rate α gives the lowest loss after {steps}?</h2>
      )}
      <div className="flex items-center gap-4" aria-live={live ? "polite" : undefined}>
        <p className="text-3xl font-bold tabular-nums 2xl:text-4xl" data-testid="answered">
          {answered} / {total} answered
        </p>
        <div className="h-4 min-w-24 flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden>
          <div className={`h-full rounded-full bg-accent${live ? " transition-[width] duration-500" : ""}`} style={{ width: `${share * 100}%` }} />
        </div>
      </div>
    </>
  );
}
