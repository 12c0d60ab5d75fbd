import type { EngineConfig, EngineState } from "@/lib/engine";
import type { GuessKind, LossPoint, SessionRules, SessionStatus } from "@/lib/protocol";
import type { RoundScoring } from "./events";

export type PlayerState = {
  id: string;
  nickname: string;
  /** Shown instead of the nickname when the session hides nicknames. */
  pseudonym: string;
  joinedAt: number;
  kicked: boolean;
  /** Sum of revealed round scores. */
  total: number;
};

/** `alpha`: the guessed value, a β in a β round (the stored name, see events.ts round.opened). */
export type GuessState = { alpha: number; at: number };

export type RoundState = {
  number: number;
  k: number;
  /** What the class guesses: α, or (momentum on) β at `fixedAlpha`. */
  guess: GuessKind;
  /** A β round's learning rate (null in α rounds). */
  fixedAlpha: number | null;
  timerSeconds: number | null;
  openedAt: number;
  /** When the timer closes the round (epoch ms); null when untimed or paused. */
  deadline: number | null;
  /** Time that was left on the timer when the session was paused. */
  pausedRemainingMs: number | null;
  status: "open" | "closed" | "revealed";
  /** Latest guess per player (the last one counts). Insertion order = first submission. */
  guesses: Map<string, GuessState>;
  /** Guesses (first and changes) each player submitted this round; folded so the per-round cap holds across restarts. */
  guessCounts: Map<string, number>;
  closedAt: number | null;
  scoring: RoundScoring | null;
};

/** A recorded checksum that the recomputation did not reproduce. Never hidden: views and replays report it. */
export type IntegrityIssue = { seq: number; expected: string; actual: string };

export type SessionState = {
  /** Sequence number of the last event folded in. */
  seq: number;
  /**
   * Sequence number of the last event that was not a guess. A guess changes only its round's guesses, so whatever
   * reads nothing else (the host gates) is the same while this is, and is remade once per change, not once per guess.
   */
  settledSeq: number;
  createdAt: number;
  config: EngineConfig;
  rules: SessionRules;
  maxPlayers: number;
  status: SessionStatus;
  locked: boolean;
  /** By id, in join order. */
  players: Map<string, PlayerState>;
  /** nicknameKey → player id, for uniqueness ignoring case (kicked players keep their name taken). */
  nicknameKeys: Map<string, string>;
  rounds: RoundState[];
  engine: EngineState;
  /** Loss after every step since the start (cumulative step numbers, across resets). */
  history: LossPoint[];
  stepsTotal: number;
  /** Leaderboard ranks just before the latest reveal, for movement arrows. */
  previousRanks: Map<string, number>;
  integrity: IntegrityIssue[];
};

export function currentRound(state: SessionState): RoundState | null {
  return state.rounds.at(-1) ?? null;
}

export function openRound(state: SessionState): RoundState | null {
  const round = currentRound(state);
  return round?.status === "open" ? round : null;
}

/** The latest round whose results are public. */
export function lastRevealedRound(state: SessionState): RoundState | null {
  for (let i = state.rounds.length - 1; i >= 0; i--) if (state.rounds[i].status === "revealed") return state.rounds[i];
  return null;
}

export function activePlayers(state: SessionState): PlayerState[] {
  return [...state.players.values()].filter((p) => !p.kicked);
}
