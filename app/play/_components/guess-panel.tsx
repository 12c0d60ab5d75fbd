"use client";
import { useId, useMemo, useState } from "react";
import type { StudentView } from "@/lib/protocol";
import { Button } from "@/app/_components/ui/button";
import type { ConnectionStatus } from "@/app/_components/ui/connection-badge";
import { Notice } from "@/app/_components/ui/notice";
import { alphaScale, betaScale } from "../_lib/guess-scale";
import { formatAlpha } from "@/app/_components/pictures/format-number";
import type { GuessAttempt } from "../_lib/player-session";
import { Countdown } from "./countdown";
import { LogSlider } from "./log-slider";
import { lockedInText } from "./session-rules";

type Props = {
  round: NonNullable<StudentView["round"]>;
  alphaMin: number;
  alphaMax: number;
  rules: StudentView["session"]["rules"];
  /** This phone's attempt for this round, if any. */
  guess: GuessAttempt | null;
  lastAlpha: number | null;
  clockOffset: number;
  connection: ConnectionStatus;
  onSubmit: (alpha: number) => void;
};

/**
 * An open round: pick α on a log slider (or with −/+), lock it in, change it until the round closes.
 * The controls sit in the lower half of the screen, where a thumb reaches while holding the phone in one hand.
 */
export function GuessPanel({ round, alphaMin, alphaMax, rules, guess, lastAlpha, clockOffset, connection, onSubmit }: Props) {
  const id = useId();
  const beta = round.guess === "beta";
  const scale = useMemo(() => (beta ? betaScale() : alphaScale(alphaMin, alphaMax)), [beta, alphaMin, alphaMax]);
  const { grid, symbol } = scale;
  const fmt = scale.format;
  // Start where this student left off: the guess the server holds (after a reload), the last α, or mid-range.
  const [index, setIndex] = useState(() => scale.nearest(round.myGuess ?? (beta ? null : lastAlpha) ?? scale.start));
  const draft = grid[index];
  const locked = guess?.status === "sent" ? guess.alpha : round.myGuess;
  const sending = guess?.status === "sending";
  // This very value is waiting for the connection: tapping again would change nothing.
  const waiting = guess?.status === "queued" && guess.alpha === draft;
  const isLocked = locked !== null && locked === draft && !sending;
  const steps = round.k === 1 ? "1 step" : `${round.k} steps`;
  // One short line: the slider must stay within thumb reach on a 640 px screen (the lobby spells the rules out).
  const note = [lockedInText(round, guess), rules.speedBonus ? `speed bonus up to +${rules.speedBonusMax}` : null]
    .filter((part): part is string => part !== null)
    .join(" · ");

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-1 flex-col gap-4">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h1 id={`${id}-title`} className="text-2xl font-bold">
            Round {round.number}
          </h1>
          {beta ? (
            <p className="text-base text-slate-800 dark:text-slate-200" data-testid="fixed-alpha">
              Guess the momentum β. α is fixed at <strong>{formatAlpha(round.fixedAlpha)}</strong>; your β is scored by the loss
              after <strong>{steps}</strong>.
            </p>
          ) : (
            <p className="text-base text-slate-800 dark:text-slate-200">
              Your α is scored by the loss after <strong>{steps}</strong> of gradient descent.
            </p>
          )}
          {note ? <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{note}</p> : null}
        </div>
        {round.deadline !== null ? <Countdown deadline={round.deadline} clockOffset={clockOffset} /> : null}
      </div>

      <div className="mt-auto flex flex-col gap-2">
        <label htmlFor={`${id}-alpha`} className="text-center text-lg font-semibold">
          {beta ? "Your momentum β" : "Your learning rate α"}
        </label>
        <div className="flex items-center justify-between gap-2">
          <Button
            variant="secondary"
            size="lg"
            aria-label={`Smaller: ${symbol} = ${fmt(grid[Math.max(0, index - 1)])}`}
            disabled={index === 0}
            onClick={() => setIndex((i) => Math.max(0, i - 1))}
          >
            <StepIcon plus={false} />
          </Button>
          {/* Not a live region: the slider already announces its value, twice would be noise. */}
          <output
            htmlFor={`${id}-alpha`}
            aria-live="off"
            className="min-w-0 flex-1 text-center text-5xl font-bold tracking-tight tabular-nums sm:text-6xl"
          >
            {fmt(draft)}
          </output>
          <Button
            variant="secondary"
            size="lg"
            aria-label={`Larger: ${symbol} = ${fmt(grid[Math.min(grid.length - 1, index + 1)])}`}
            disabled={index === grid.length - 1}
            onClick={() => setIndex((i) => Math.min(grid.length - 1, i + 1))}
          >
            <StepIcon plus />
          </Button>
        </div>
        <LogSlider id={`${id}-alpha`} scale={scale} index={index} onIndexChange={setIndex} describedBy={`${id}-scale`} />
        <p aria-hidden="true" className="flex justify-between text-sm text-slate-700 dark:text-slate-300">
          <span>{scale.ends.low}</span>
          <span>{scale.ends.high}</span>
        </p>
        <p id={`${id}-scale`} className="sr-only">
          {scale.description}
        </p>
      </div>

      <div aria-live="polite" className="flex flex-col gap-2">
        <GuessStatus guess={guess} locked={locked} draft={draft} connection={connection} fmt={fmt} symbol={symbol} />
      </div>

      <Button
        size="lg"
        variant={isLocked ? "secondary" : "primary"}
        className="w-full"
        disabled={sending || isLocked || waiting}
        onClick={() => onSubmit(draft)}
      >
        {sending
          ? "Sending…"
          : waiting
            ? `Waiting to send ${fmt(draft)}…`
          : isLocked
            ? `Locked in: ${fmt(draft)} ✓`
            : locked !== null
              ? `Change my guess to ${fmt(draft)}`
              : `Lock in ${symbol} = ${fmt(draft)}`}
      </Button>
    </section>
  );
}

function GuessStatus({
  guess,
  locked,
  draft,
  connection,
  fmt,
  symbol,
}: {
  guess: GuessAttempt | null;
  locked: number | null;
  draft: number;
  connection: ConnectionStatus;
  fmt: (value: number) => string;
  symbol: string;
}) {
  if (guess?.status === "queued") {
    return (
      <Notice tone="warning" title={`Not sent yet: ${symbol} = ${fmt(guess.alpha)}`}>
        {guess.message ??
          (connection === "connected"
            ? "Sending…"
            : "You are not connected right now. It will be sent as soon as the connection is back.")}
      </Notice>
    );
  }
  if (guess?.status === "failed") {
    return (
      <Notice tone="error" role="alert" title="Your guess did not count">
        {guess.message}
      </Notice>
    );
  }
  if (locked !== null) {
    return (
      <Notice tone="success" title={`Locked in: ${fmt(locked)}`}>
        {locked === draft
          ? "Received. You can change it until the round closes."
          : `Tap below to change it to ${fmt(draft)}; until then ${fmt(locked)} counts.`}
      </Notice>
    );
  }
  return null;
}

/** Thick − and + drawn as strokes, so they look the same size and weight in every font. */
function StepIcon({ plus }: { plus: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-7" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round">
      <path d={plus ? "M5 12h14M12 5v14" : "M5 12h14"} />
    </svg>
  );
}
