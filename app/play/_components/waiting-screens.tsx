import type { ReactNode } from "react";
import type { StudentView } from "@/lib/protocol";
import { Notice } from "@/app/_components/ui/notice";
import { formatGuess, guessSymbol } from "@/app/_components/pictures/format-number";
import { formatClock, formatLoss, plural } from "../_lib/format";
import type { GuessAttempt } from "../_lib/player-session";
import { RulesNote } from "./session-rules";

function Waiting({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="flex flex-1 flex-col justify-center gap-4 py-4" aria-labelledby="waiting-title">
      <span aria-hidden="true" className="flex gap-2">
        {[0, 1, 2].map((i) => (
          <span
            key={i}
            className="size-3 rounded-full bg-brand motion-safe:animate-pulse dark:bg-sky-300"
            style={{ animationDelay: `${i * 200}ms` }}
          />
        ))}
      </span>
      <h1 id="waiting-title" className="text-2xl font-bold leading-tight">
        {title}
      </h1>
      <div className="flex flex-col gap-3 text-lg text-slate-800 dark:text-slate-200">{children}</div>
    </section>
  );
}

/** Which α counted for this round, as far as this phone knows. */
function myGuessLine(view: StudentView, guess: GuessAttempt | null) {
  const sent = guess?.status === "sent" ? guess.alpha : (view.round?.myGuess ?? null);
  const kind = view.round?.guess ?? "alpha";
  return (
    <>
      {sent !== null ? (
        <p>
          Your guess: <strong className="text-2xl tabular-nums">
            {guessSymbol(kind)} = {formatGuess(kind, sent)}
          </strong>
        </p>
      ) : (
        <p>You did not lock in a guess this round.</p>
      )}
      {guess?.status === "failed" && guess.message ? (
        <Notice tone="error" role="alert">
          {guess.message}
        </Notice>
      ) : null}
    </>
  );
}

export function LobbyScreen({ view }: { view: StudentView }) {
  const { network, session, me } = view;
  return (
    <Waiting title={`You're in, ${me.nickname}!`}>
      <p>Waiting for the instructor to open a round. When it opens, you guess the learning rate α right here.</p>
      <p className="text-base text-slate-700 dark:text-slate-300">
        {plural(session.playerCount, "player")} in the session
        {network.step > 0 ? ` · the network has taken ${plural(network.step, "step")}, loss now ${formatLoss(network.trainLoss)}` : ""}
        .
      </p>
      <RulesNote rules={session.rules} />
    </Waiting>
  );
}

export function ClosedScreen({ view, guess }: { view: StudentView; guess: GuessAttempt | null }) {
  return (
    <Waiting title={`Round ${view.round?.number ?? ""} is closed`}>
      <p>Scoring every guess… the results appear here when the instructor reveals them.</p>
      {myGuessLine(view, guess)}
    </Waiting>
  );
}

export function PausedScreen({ view, guess }: { view: StudentView; guess: GuessAttempt | null }) {
  const round = view.round;
  const onHold = round?.status === "open";
  return (
    <Waiting title="Paused">
      <p>The instructor paused the session. Stay on this page; it carries on by itself.</p>
      {onHold ? (
        <>
          <p>
            Round {round.number} is on hold
            {round.pausedRemainingMs !== null ? ` with ${formatClock(round.pausedRemainingMs)} left` : ""}.
          </p>
          {myGuessLine(view, guess)}
          {guess?.status === "queued" ? (
            <Notice tone="warning">
              Your guess {guessSymbol(guess.kind)} = {formatGuess(guess.kind, guess.alpha)} will be sent when the session resumes.
            </Notice>
          ) : null}
        </>
      ) : null}
    </Waiting>
  );
}
