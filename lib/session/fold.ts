import { checksum, createState, deserializeState, resetState, type EngineState } from "@/lib/engine";
import { GuessKind, type LossPoint } from "@/lib/protocol";
import { recordedChecksum, type EventOf, type StoredEvent } from "./events";
import { rankPlayers } from "./leaderboard";
import { pseudonymFor } from "./pseudonyms";
import { roundPoints } from "./running-totals";
import { nicknameKey } from "@/lib/protocol/nickname-key";
import { currentRound, type SessionState } from "./state";
import { measure, stepEngine } from "./stepping";

/**
 * The fold: events → session state. Deterministic (the engine is), no clock, no I/O.
 * `applyEvent` updates the given state in place — a live session applies thousands of guesses and copying
 * maps for each would be quadratic — so callers own their state object; `foldEvents` builds a fresh one.
 * The engine state inside is immutable and replaced on every step.
 */

function lossPoint(engine: EngineState, step: number, alpha: number | null, policy: LossPoint["policy"]): LossPoint {
  return { step, ...measure(engine), alpha, policy };
}

export function initialState(first: StoredEvent): SessionState {
  if (first.seq !== 1 || first.event.type !== "session.created")
    throw new Error(`A session log must start with session.created at seq 1 (got ${first.event.type} at ${first.seq})`);
  const { config, rules, maxPlayers, startFrom } = first.event;
  const engine = startFrom ? deserializeState(startFrom.engine) : createState(config);
  return {
    seq: 1,
    settledSeq: 1,
    createdAt: first.at,
    config: engine.config,
    rules,
    maxPlayers,
    status: "lobby",
    locked: false,
    players: new Map(),
    nicknameKeys: new Map(),
    rounds: [],
    engine,
    history: [lossPoint(engine, 0, null, null)],
    stepsTotal: 0,
    previousRanks: new Map(),
    integrity: [],
  };
}

function requireRound(state: SessionState, round: number) {
  const current = currentRound(state);
  if (!current || current.number !== round) throw new Error(`event for round ${round} but the current round is ${current?.number ?? "none"}`);
  return current;
}

/** Compares the checksum an event recorded (events.ts says which do) with the weights the fold reached. */
function verify(state: SessionState, seq: number, expected: string): void {
  const actual = checksum(state.engine);
  if (actual !== expected) state.integrity.push({ seq, expected, actual });
}

function applyStep(state: SessionState, stored: StoredEvent, e: EventOf<"network.stepped">): void {
  const r = stepEngine(state.engine, e.alpha, e.requestedSteps, e.beta);
  for (const point of r.points) {
    state.stepsTotal++;
    state.history.push({ step: state.stepsTotal, ...point, alpha: e.alpha, policy: e.policy });
  }
  state.engine = r.engine;
  if (r.stepsApplied !== e.stepsApplied)
    state.integrity.push({ seq: stored.seq, expected: `${e.stepsApplied} steps`, actual: `${r.stepsApplied} steps` });
}

/** A β round's fixed α (null for α rounds); a β round stored without one cannot be replayed. */
function betaRoundAlpha(e: EventOf<"round.opened">): number | null {
  if (e.guess !== GuessKind.beta) return null;
  if (e.alpha === undefined) throw new Error(`round ${e.round} asks for β but records no fixed α`);
  return e.alpha;
}

/** Folds one event into `state` (in place). Throws on an event that cannot follow the state: the log is corrupt. */
export function applyEvent(state: SessionState, stored: StoredEvent): SessionState {
  if (stored.seq !== state.seq + 1) throw new Error(`event seq ${stored.seq} does not follow ${state.seq}`);
  const e = stored.event;
  switch (e.type) {
    case "session.created":
      throw new Error("session.created can only be the first event");
    case "player.joined": {
      const key = nicknameKey(e.nickname);
      state.players.set(e.playerId, {
        id: e.playerId,
        nickname: e.nickname,
        pseudonym: pseudonymFor(state.players.size),
        joinedAt: stored.at,
        kicked: false,
        total: 0,
      });
      state.nicknameKeys.set(key, e.playerId);
      break;
    }
    case "player.kicked": {
      const player = state.players.get(e.playerId);
      if (!player) throw new Error(`kick of unknown player ${e.playerId}`);
      player.kicked = true;
      const round = currentRound(state);
      if (round?.status === "open") round.guesses.delete(e.playerId);
      break;
    }
    case "session.locked":
      state.locked = e.locked;
      break;
    case "round.opened":
      state.rounds.push({
        number: e.round,
        k: e.k,
        guess: e.guess ?? GuessKind.alpha,
        fixedAlpha: betaRoundAlpha(e),
        timerSeconds: e.timerSeconds,
        openedAt: stored.at,
        deadline: e.deadline,
        pausedRemainingMs: null,
        status: "open",
        guesses: new Map(),
        guessCounts: new Map(),
        closedAt: null,
        scoring: null,
      });
      state.status = "live";
      break;
    case "guess.submitted": {
      const round = requireRound(state, e.round);
      // Delete first so the map's order follows the latest submission (the histogram animates in that order).
      round.guesses.delete(e.playerId);
      round.guesses.set(e.playerId, { alpha: e.alpha, at: stored.at });
      round.guessCounts.set(e.playerId, (round.guessCounts.get(e.playerId) ?? 0) + 1);
      break;
    }
    case "round.closed": {
      const round = requireRound(state, e.round);
      round.status = "closed";
      round.closedAt = stored.at;
      round.deadline = null;
      round.pausedRemainingMs = null;
      round.scoring = e.scoring;
      break;
    }
    case "round.revealed": {
      const round = requireRound(state, e.round);
      round.status = "revealed";
      state.previousRanks = rankPlayers(state);
      for (const [playerId, points] of roundPoints(round)) {
        const player = state.players.get(playerId);
        if (player) player.total += points;
      }
      break;
    }
    case "network.stepped":
      applyStep(state, stored, e);
      break;
    case "session.paused": {
      state.status = "paused";
      const round = currentRound(state);
      if (round?.status === "open") {
        round.pausedRemainingMs = e.remainingMs;
        round.deadline = null;
      }
      break;
    }
    case "session.resumed": {
      state.status = state.rounds.length > 0 ? "live" : "lobby";
      const round = currentRound(state);
      if (round?.status === "open") {
        round.deadline = e.deadline;
        round.pausedRemainingMs = null;
      }
      break;
    }
    case "network.reset":
      state.engine = resetState(state.engine, e.seed);
      state.config = state.engine.config;
      state.history.push(lossPoint(state.engine, state.stepsTotal, null, "reset"));
      break;
    case "session.ended":
      state.status = "ended";
      break;
  }
  const recorded = recordedChecksum(e);
  if (recorded !== null) verify(state, stored.seq, recorded);
  state.seq = stored.seq;
  if (e.type !== "guess.submitted") state.settledSeq = stored.seq;
  return state;
}

/** A fresh state from a whole log (or a prefix of it, for replays). */
export function foldEvents(events: readonly StoredEvent[]): SessionState {
  if (events.length === 0) throw new Error("An empty log has no session");
  const state = initialState(events[0]);
  for (let i = 1; i < events.length; i++) applyEvent(state, events[i]);
  return state;
}
