import { resetState, checksum } from "@/lib/engine";
import { ackError, ErrorCode, type AckError, type CommandRequestParsed, type HostCommandName } from "@/lib/protocol";
import {
  chooseAlpha,
  currentRound,
  openRound,
  stepEngine,
  type RoundScoring,
  type RoundScoringInput,
  type SessionEvent,
  type SessionState,
} from "@/lib/session";
import type { NewPlayerRow } from "@/lib/db/event-store";
import { nicknameRefusal } from "@/lib/protocol/nickname-policy";

/** Commands a room executes, one at a time, in arrival order. */
export type RoomCommand =
  | { kind: "join"; player: NewPlayerRow }
  /** `from`: the sending socket's id, so the player's other devices are told and the sender is not told twice. */
  | { kind: "guess"; playerId: string; alpha: number; from?: string }
  | { kind: "timer-close"; round: number }
  | { [K in HostCommandName]: { kind: "host"; name: K; payload: CommandRequestParsed<K> } }[HostCommandName];

export type Decision = {
  events: SessionEvent[];
  /** What the acknowledgement carries on success. */
  response: object;
  newPlayer?: NewPlayerRow;
};

export type DecideContext = {
  now: number;
  /** Guesses (first and changes) one player may submit per round. */
  guessesPerRound: number;
  /** The player holding this token hash, if any (committed or earlier in the same batch): makes joins idempotent. */
  playerIdForToken: (tokenHash: string) => string | undefined;
  /** Scores a round (off the main thread when large). */
  score: (state: SessionState, input: RoundScoringInput) => Promise<RoundScoring>;
  newSeed: () => number;
};

const fail = (code: ErrorCode, message: string): AckError => ackError(code, message);

/** Players holding a seat: removed players free theirs, so kicking junk makes room for real students. */
function seatedPlayers(state: SessionState): number {
  let seated = 0;
  for (const player of state.players.values()) if (!player.kicked) seated++;
  return seated;
}

function notEnded(state: SessionState): AckError | null {
  return state.status === "ended" ? fail(ErrorCode.SESSION_ENDED, "This session has ended") : null;
}

async function closeEvents(state: SessionState, reason: "host" | "timer" | "end", ctx: DecideContext): Promise<SessionEvent[]> {
  const round = openRound(state)!;
  const scoring = await ctx.score(state, {
    k: round.k,
    guesses: [...round.guesses.entries()].map(([playerId, g]) => ({ playerId, alpha: g.alpha, at: g.at })),
    openedAt: round.openedAt,
    closedAt: ctx.now,
    speedBonus: state.rules.speedBonus,
    alphaMin: state.rules.alphaMin,
    alphaMax: state.rules.alphaMax,
  });
  return [{ type: "round.closed", round: round.number, reason, scoring }];
}

/**
 * Decides what a command means for the session: the events to append, or a refusal with a stable code.
 * It reads the state but never changes it; the room folds the events in once they are decided.
 */
export async function decide(state: SessionState, command: RoomCommand, ctx: DecideContext): Promise<Decision | AckError> {
  switch (command.kind) {
    case "join": {
      const ended = notEnded(state);
      if (ended) return ended;
      // A retried join (same client-generated key, so same token) is the player it created the first time.
      const existing = ctx.playerIdForToken(command.player.tokenHash);
      if (existing !== undefined) {
        if (state.players.get(existing)?.kicked) return fail(ErrorCode.PLAYER_KICKED, "You were removed from this session");
        return { events: [], response: { playerId: existing, rejoined: true } };
      }
      if (state.locked) return fail(ErrorCode.SESSION_LOCKED, "The instructor has closed this session to new players");
      const refused = nicknameRefusal(command.player.nickname, state.rules);
      if (refused) return refused;
      // Kicked players keep their nickname taken (so a prankster cannot come straight back under it) but not their seat.
      if (state.nicknameKeys.has(command.player.nicknameKey))
        return fail(ErrorCode.NICKNAME_TAKEN, `"${command.player.nickname}" is taken in this session; pick another`);
      if (seatedPlayers(state) >= state.maxPlayers)
        return fail(ErrorCode.SESSION_FULL, `This session is full (${state.maxPlayers} players)`);
      return {
        events: [{ type: "player.joined", playerId: command.player.id, nickname: command.player.nickname }],
        response: { playerId: command.player.id },
        newPlayer: command.player,
      };
    }
    case "guess": {
      const ended = notEnded(state);
      if (ended) return ended;
      const player = state.players.get(command.playerId);
      if (!player || player.kicked) return fail(ErrorCode.PLAYER_KICKED, "You were removed from this session");
      if (state.status === "paused") return fail(ErrorCode.SESSION_PAUSED, "The session is paused");
      const round = openRound(state);
      if (!round) return fail(ErrorCode.ROUND_CLOSED, "No round is open for guesses");
      const { alphaMin, alphaMax } = state.rules;
      if (command.alpha < alphaMin || command.alpha > alphaMax)
        return fail(ErrorCode.ALPHA_OUT_OF_RANGE, `α must be between ${alphaMin} and ${alphaMax}`);
      if ((round.guessCounts.get(command.playerId) ?? 0) >= ctx.guessesPerRound)
        return fail(ErrorCode.GUESS_LIMIT, `You changed your guess ${ctx.guessesPerRound} times this round; your last guess counts`);
      return {
        events: [{ type: "guess.submitted", round: round.number, playerId: command.playerId, alpha: command.alpha }],
        response: { round: round.number, alpha: command.alpha },
      };
    }
    case "timer-close": {
      const round = openRound(state);
      // The round may have been closed by the host, or the session paused, since the timer was set.
      if (!round || round.number !== command.round || round.deadline === null || state.status === "paused")
        return { events: [], response: {} };
      return { events: await closeEvents(state, "timer", ctx), response: { round: round.number } };
    }
    case "host":
      return decideHost(state, command, ctx);
  }
}

async function decideHost(
  state: SessionState,
  command: Extract<RoomCommand, { kind: "host" }>,
  ctx: DecideContext,
): Promise<Decision | AckError> {
  const ended = notEnded(state);
  if (ended) return ended;
  const round = currentRound(state);
  const open = openRound(state);
  const paused = state.status === "paused";

  switch (command.name) {
    case "round:open": {
      if (paused) return fail(ErrorCode.SESSION_PAUSED, "Resume the session first");
      if (open) return fail(ErrorCode.ROUND_OPEN, `Round ${open.number} is still open`);
      const timerSeconds = command.payload?.timerSeconds ?? null;
      const number = (round?.number ?? 0) + 1;
      const deadline = timerSeconds === null ? null : ctx.now + timerSeconds * 1000;
      return {
        events: [{ type: "round.opened", round: number, k: command.payload?.k ?? 1, timerSeconds, deadline }],
        response: { round: number, deadline },
      };
    }
    case "round:close": {
      if (!open) return fail(ErrorCode.NO_OPEN_ROUND, "No round is open");
      return { events: await closeEvents(state, "host", ctx), response: { round: open.number } };
    }
    case "round:reveal": {
      if (!round || round.status === "open")
        return fail(round ? ErrorCode.ROUND_OPEN : ErrorCode.NO_OPEN_ROUND, "Close the round before revealing it");
      if (round.status === "revealed") return fail(ErrorCode.INVALID_STATE, `Round ${round.number} is already revealed`);
      return { events: [{ type: "round.revealed", round: round.number }], response: { round: round.number } };
    }
    case "network:step": {
      if (paused) return fail(ErrorCode.SESSION_PAUSED, "Resume the session first");
      if (open) return fail(ErrorCode.ROUND_OPEN, "Close the round before stepping");
      const { policy, alpha, playerId } = command.payload;
      const choice = chooseAlpha(state, policy, { alpha, playerId });
      if (!choice.ok) return fail(choice.code, choice.message);
      const r = stepEngine(state.engine, choice.alpha, 1);
      return {
        events: [
          {
            type: "network.stepped",
            policy,
            alpha: choice.alpha,
            playerId: choice.playerId,
            requestedSteps: 1,
            stepsApplied: r.stepsApplied,
            diverged: r.diverged,
            step: r.engine.step,
            checksum: r.checksum,
          },
        ],
        response: { alpha: choice.alpha, lossBefore: r.lossBefore, lossAfter: r.points.at(-1)?.trainLoss ?? r.lossBefore, diverged: r.diverged },
      };
    }
    case "network:run": {
      if (paused) return fail(ErrorCode.SESSION_PAUSED, "Resume the session first");
      if (open) return fail(ErrorCode.ROUND_OPEN, "Close the round before stepping");
      const { alpha, steps } = command.payload;
      const r = stepEngine(state.engine, alpha, steps);
      return {
        events: [
          {
            type: "network.stepped",
            policy: "run",
            alpha,
            playerId: null,
            requestedSteps: steps,
            stepsApplied: r.stepsApplied,
            diverged: r.diverged,
            step: r.engine.step,
            checksum: r.checksum,
          },
        ],
        response: { stepsApplied: r.stepsApplied, lossAfter: r.points.at(-1)?.trainLoss ?? r.lossBefore, diverged: r.diverged },
      };
    }
    case "network:reset": {
      if (open) return fail(ErrorCode.ROUND_OPEN, "Close the round before resetting");
      const seed = command.payload?.seed === "new" ? ctx.newSeed() : state.config.seed;
      return {
        events: [{ type: "network.reset", seed, checksum: checksum(resetState(state.engine, seed)) }],
        response: { seed },
      };
    }
    case "session:pause": {
      if (paused) return fail(ErrorCode.INVALID_STATE, "The session is already paused");
      const remainingMs = open?.deadline != null ? Math.max(0, open.deadline - ctx.now) : null;
      return { events: [{ type: "session.paused", remainingMs }], response: {} };
    }
    case "session:resume": {
      if (!paused) return fail(ErrorCode.INVALID_STATE, "The session is not paused");
      const deadline = open?.pausedRemainingMs != null ? ctx.now + open.pausedRemainingMs : null;
      return { events: [{ type: "session.resumed", deadline }], response: {} };
    }
    case "session:end": {
      // An open round is scored and shown before the session ends, so no guess is thrown away.
      const events: SessionEvent[] = [];
      if (open) events.push(...(await closeEvents(state, "end", ctx)));
      const last = open ?? round;
      if (last && last.status !== "revealed") events.push({ type: "round.revealed", round: last.number });
      events.push({ type: "session.ended" });
      return { events, response: {} };
    }
    case "session:lock": {
      if (state.locked === command.payload.locked) return { events: [], response: {} };
      return { events: [{ type: "session.locked", locked: command.payload.locked }], response: {} };
    }
    case "player:kick": {
      const ids = "playerIds" in command.payload ? [...new Set(command.payload.playerIds)] : [command.payload.playerId];
      // All or nothing: a list naming someone who is not in the session is a mistake, not a partial removal.
      const missing = ids.find((id) => !state.players.has(id));
      if (missing !== undefined) return fail(ErrorCode.PLAYER_NOT_FOUND, `No player ${missing} in this session`);
      const events: SessionEvent[] = ids
        .filter((id) => !state.players.get(id)!.kicked)
        .map((id) => ({ type: "player.kicked", playerId: id }));
      return { events, response: { removed: events.length } };
    }
  }
}
