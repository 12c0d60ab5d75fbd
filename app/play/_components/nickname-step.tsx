"use client";
import { useId, useRef, useState, type FormEvent } from "react";
import type { SessionSummary } from "@/lib/protocol";
import { Button } from "@/app/_components/ui/button";
import { Notice } from "@/app/_components/ui/notice";
import { plural } from "../_lib/format";
import { NICKNAME_MAX, nicknameLength, nicknameProblem, normalizeNickname } from "../_lib/nickname-check";

type Props = {
  session: SessionSummary;
  busy: boolean;
  /** The server's refusal of the last attempt (taken, locked, full…). */
  error: string | null;
  canJoin: boolean;
  onJoin: (nickname: string) => void;
};

export function NicknameStep({ session, busy, error, canJoin, onJoin }: Props) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState("");
  const [tried, setTried] = useState(false);
  const [sentName, setSentName] = useState<string | null>(null);
  const length = nicknameLength(name);
  const problem = nicknameProblem(name);
  // Too long is worth saying while typing; "empty" only after a tap on Join.
  const shownProblem = tried || length > NICKNAME_MAX ? problem : null;
  // A server refusal belongs to the name that was sent; editing the name hides it.
  const shownError = error && sentName === name ? error : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTried(true);
    if (problem) {
      input.current?.focus();
      return;
    }
    setSentName(name);
    onJoin(normalizeNickname(name));
  }

  const describedBy = [`${id}-hint`, shownProblem ? `${id}-problem` : null, shownError ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-1 flex-col gap-4">
      <div>
        <h1 id={`${id}-title`} className="text-2xl font-bold">
          Join session <span className="font-mono tracking-wider">{session.joinCode}</span>
        </h1>
        <p className="mt-1 text-lg text-slate-800 dark:text-slate-200">
          {session.playerCount === 0 ? "Nobody has joined yet: be the first." : `${plural(session.playerCount, "player")} already in.`}{" "}
          {session.status === "lobby"
            ? "The first round opens soon."
            : session.status === "paused"
              ? "The session is paused for a moment."
              : "The lesson is running: join and you can guess in the next open round."}
        </p>
      </div>

      <ol className="flex flex-col gap-2 text-base text-slate-800 dark:text-slate-200">
        {[
          "Pick a nickname and join.",
          "When the instructor opens a round, slide to the learning rate α you think works best.",
          "After the reveal, see the loss your α reached, your score and why.",
        ].map((step, i) => (
          <li key={i} className="flex gap-3">
            <span
              aria-hidden="true"
              className="flex size-7 shrink-0 items-center justify-center rounded-full bg-brand text-sm font-bold text-white"
            >
              {i + 1}
            </span>
            <span>{step}</span>
          </li>
        ))}
      </ol>

      <form onSubmit={submit} noValidate className="mt-auto flex flex-col gap-3">
        <div className="flex items-end justify-between gap-2">
          <label htmlFor={`${id}-name`} className="text-lg font-semibold">
            Your nickname
          </label>
          <span
            className={`text-sm tabular-nums ${length > NICKNAME_MAX ? "font-bold text-orange-800 dark:text-orange-300" : "text-slate-700 dark:text-slate-300"}`}
            aria-hidden="true"
          >
            {length}/{NICKNAME_MAX}
          </span>
        </div>
        <p id={`${id}-hint`} className="-mt-2 text-sm text-slate-700 dark:text-slate-300">
          The class may see it on the projector. Up to {NICKNAME_MAX} characters.
        </p>
        <input
          ref={input}
          id={`${id}-name`}
          name="nickname"
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="nickname"
          autoCapitalize="words"
          enterKeyHint="go"
          aria-invalid={shownProblem ? true : undefined}
          aria-describedby={describedBy}
          className="min-h-14 w-full rounded-xl border-2 border-slate-400 bg-white px-4 text-xl text-ink focus:border-brand focus:outline-3 focus:outline-offset-1 focus:outline-brand/30 aria-invalid:border-negative dark:bg-slate-900 dark:text-slate-100"
        />
        {shownProblem ? (
          <p id={`${id}-problem`} role="alert" className="font-medium text-orange-800 dark:text-orange-300">
            {shownProblem}
          </p>
        ) : null}
        {shownError ? (
          <Notice tone="error" role="alert" id={`${id}-error`}>
            {shownError}
          </Notice>
        ) : null}
        <Button type="submit" size="lg" disabled={busy || !canJoin} className="w-full">
          {busy ? "Joining…" : canJoin ? "Join the game" : "Waiting for the connection…"}
        </Button>
      </form>
    </section>
  );
}
