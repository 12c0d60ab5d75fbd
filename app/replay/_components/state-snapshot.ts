import type { RoundState, SessionEventType, SessionState } from "@/lib/session";

/** The state at the end of one frame. `state.history` is the fold's own (append-only) array: read it up to `historyLength`. */
export type Snapshot = { state: SessionState; historyLength: number };

/** What an event can change besides the engine, the history and the counters: decides what a snapshot must copy. */
export const TOUCHES_PLAYERS: ReadonlySet<SessionEventType> = new Set(["player.joined", "player.kicked", "round.revealed"]);
export const TOUCHES_ROUNDS: ReadonlySet<SessionEventType> = new Set([
  "round.opened",
  "guess.submitted",
  "round.closed",
  "round.revealed",
  "player.kicked",
  "session.paused",
  "session.resumed",
]);

/** Earlier rounds never change again: only the latest is copied. */
function copyRounds(rounds: readonly RoundState[]): RoundState[] {
  const copy = rounds.slice();
  const last = copy.at(-1);
  if (last) copy[copy.length - 1] = { ...last, guesses: new Map(last.guesses), guessCounts: new Map(last.guessCounts) };
  return copy;
}

/**
 * A copy of a session state that later `applyEvent` calls cannot change, cheap enough to keep one per frame even for
 * a class of a thousand over hundreds of frames.
 *
 * It relies on how lib/session/fold.ts mutates: the engine state is immutable (replaced on every step), history is
 * only ever appended to, round scorings are never edited, and only the LATEST round changes (guesses, status, timer).
 * So the history is shared (and cut to length when read), and the rounds (only the latest one deeply) and the player
 * maps are copied only when an event since the previous snapshot could have changed them — otherwise the previous
 * snapshot's copies are still exact. tests/ui/replay-page.test.ts checks every frame against a fresh fold.
 */
export function snapshotOf(
  state: SessionState,
  previous: SessionState | null,
  changed: { players: boolean; rounds: boolean },
): Snapshot {
  const players = !previous || changed.players;
  const rounds = previous && !changed.rounds ? previous.rounds : copyRounds(state.rounds);
  return {
    state: {
      ...state,
      players: players ? new Map([...state.players].map(([id, p]) => [id, { ...p }])) : previous.players,
      nicknameKeys: players ? new Map(state.nicknameKeys) : previous.nicknameKeys,
      previousRanks: players ? new Map(state.previousRanks) : previous.previousRanks,
      rounds,
      integrity: state.integrity.slice(),
    },
    historyLength: state.history.length,
  };
}
