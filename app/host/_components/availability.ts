import type { HostView, StepPolicy } from "@/lib/protocol";

/** Whether a control applies right now, and if not, the reason shown as its title (and read by screen readers). */
export type Gate = { ok: true; why: null } | { ok: false; why: string };

const yes: Gate = { ok: true, why: null };
const no = (why: string): Gate => ({ ok: false, why });

export type ConsoleGates = {
  openRound: Gate;
  closeRound: Gate;
  reveal: Gate;
  step: Record<StepPolicy, Gate>;
  run: Gate;
  reset: Gate;
  pause: Gate;
  resume: Gate;
  end: Gate;
  lock: Gate;
  kick: Gate;
};

/**
 * The round state machine as the console sees it (mirrors the server's checks in session-decide, so a button is
 * only enabled when the command would succeed, and otherwise says why):
 *   lobby → open → closed → revealed → (steps) → open → … → ended; pause freezes opening and stepping.
 */
export function consoleGates(view: HostView, online: boolean): ConsoleGates {
  const offline = no("Reconnecting to the server…");
  const status = view.session.status;
  const round = view.round;
  const open = round?.status === "open";
  const ended = status === "ended";
  const paused = status === "paused";

  const gate = (...checks: [boolean, string][]): Gate => {
    if (!online) return offline;
    for (const [failed, why] of checks) if (failed) return no(why);
    return yes;
  };
  const endedCheck: [boolean, string] = [ended, "The session has ended"];
  const pausedCheck: [boolean, string] = [paused, "The session is paused: resume it first"];
  const openCheck: [boolean, string] = [open, `Round ${round?.number} is open: close it first`];

  const revealed = round?.status === "revealed" ? round : null;
  const guessed = (revealed?.results?.length ?? 0) > 0;
  const classCheck: [boolean, string] = [
    !revealed || !guessed,
    round && round.status === "closed"
      ? "Reveal the round first: the class should see the guesses before one is used"
      : revealed
        ? "Nobody guessed in the last round"
        : "Needs a revealed round with guesses",
  ];
  const anyConverged = revealed?.results?.some((r) => !r.diverged && r.loss !== null) ?? false;
  const stepBase = [endedCheck, pausedCheck, openCheck] as const;

  return {
    openRound: gate(endedCheck, pausedCheck, [open, `Round ${round?.number} is already open`]),
    closeRound: gate(endedCheck, [!open, round ? `Round ${round.number} is already closed` : "No round is open yet"]),
    reveal: gate(endedCheck, [
      !round || round.status !== "closed",
      !round ? "Open and close a round first" : round.status === "open" ? "Close the round first" : `Round ${round.number} is already revealed`,
    ]),
    step: {
      host: gate(...stepBase),
      engine: gate(...stepBase),
      median: gate(...stepBase, classCheck),
      "best-guess": gate(...stepBase, classCheck, [!anyConverged, "Every guess diverged in the last round"]),
      player: gate(...stepBase, classCheck),
    },
    run: gate(...stepBase),
    reset: gate(endedCheck, [open, `Round ${round?.number} is open: close it first`]),
    pause: gate(endedCheck, [paused, "Already paused"]),
    resume: gate(endedCheck, [!paused, "The session is not paused"]),
    end: gate(endedCheck),
    lock: gate(endedCheck),
    kick: gate(endedCheck),
  };
}
