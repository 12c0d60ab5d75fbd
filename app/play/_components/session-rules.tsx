import type { StudentView } from "@/lib/protocol";
import type { GuessAttempt } from "../_lib/player-session";

type Rules = StudentView["session"]["rules"];
type Round = NonNullable<StudentView["round"]>;

/** The rules that change what this student earns or sees, one short sentence each (none when both are off). */
export function rulesSentences(rules: Rules): string[] {
  const lines: string[] = [];
  if (rules.speedBonus) lines.push(`Speed bonus on: faster answers earn up to ${rules.speedBonusMax} extra points.`);
  if (rules.hideNicknames) lines.push("Your name is hidden on the projector: the class sees a pseudonym.");
  return lines;
}

export function RulesNote({ rules, className = "" }: { rules: Rules; className?: string }) {
  const lines = rulesSentences(rules);
  if (lines.length === 0) return null;
  return (
    <ul className={`flex flex-col gap-1 text-base text-slate-700 dark:text-slate-300 ${className}`} aria-label="Rules of this session">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/**
 * "12 of 30 locked in". The server re-sends views on public changes (and, throttled, on guesses once the room does
 * so); until the next view, this phone's own acknowledged first guess is counted here so the number never lags it.
 */
export function lockedInText(round: Round, guess: GuessAttempt | null): string | null {
  if (!round.lockedIn) return null;
  const { count, of } = round.lockedIn;
  const mineNotCounted = guess?.status === "sent" && guess.round === round.number && round.myGuess === null ? 1 : 0;
  return `${Math.min(of, count + mineNotCounted)} of ${of} locked in`;
}
