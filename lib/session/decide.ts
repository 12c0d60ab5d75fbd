import { checksum, isMomentum, resetState } from "@/lib/engine";
import {
  ackError,
  BETA_LIMITS,
  ErrorCode,
  GuessKind,
  type AckError,
  type CommandRequestParsed,
  type CommandResponse,
  type HostCommandName,
} from "@/lib/protocol";
import { nicknameRefusal } from "@/lib/protocol/nickname-policy";
import type { RoundScoring, SessionEvent } from "./events";
import { roundScoringInput, type RoundScoringInput } from "./round-scoring";
import { currentRound, openRound, type SessionState } from "./state";
import { chooseAlpha, engineBestAlpha } from "./step-policy";
import { stepEngine } from "./stepping";

/** A player about to be created: the room stores the row (token hash included) with the join's events. */
export type NewPlayer = { id: string; nickname: string; nicknameKey: string; tokenHash: string };

export type JoinCommand = { kind: "join"; player: NewPlayer };
/**
 * A guess: `alpha` in an α round, `beta` in a β round (exactly one of them). `from`: the socket that sent it (its
 * other devices get the new guess); `commandId`: its idempotency key.
 */
export type GuessCommand = { kind: "guess"; playerId: string; from?: string; commandId?: string } & (
  | { alpha: number; beta?: undefined }
  | { beta: number; alpha?: undefined }
);
export type TimerCloseCommand = { kind: "timer-close"; round: number };
export type HostCommand<K extends HostCommandName = HostCommandName> = { kind: "host"; name: K; payload: CommandRequestParsed<K> };

/** Commands a session executes, one at a time, in arrival order. */
export type SessionCommand =
  | JoinCommand
  | GuessCommand
  | TimerCloseCommand
  | { [K in HostCommandName]: HostCommand<K> }[HostCommandName];

/** `rejoined`: the join's token already named a player (a retried join), who is returned instead of a new one. */
export type JoinResponse = { playerId: string; rejoined?: true };
export type GuessResponse = CommandResponse<"guess:submit">;
/** `round` when the timer closed it; empty when the round had already moved on (nothing happens). */
export type TimerCloseResponse = { round?: number };
export type SessionResponse = JoinResponse | GuessResponse | TimerCloseResponse | CommandResponse<HostCommandName>;

export type Decision<R extends object = SessionResponse> = {
  events: SessionEvent[];
  /** What the acknowledgement carries on success. */
  response: R;
  newPlayer?: NewPlayer;
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

/** What the refusal checks read: never the clock, the scorer or the seed source, so gates can run them at any time. */
export type RefusalContext = Pick<DecideContext, "guessesPerRound" | "playerIdForToken">;

const fail = (code: ErrorCode, message: string): AckError => ackError(code, message);
const PAUSED = "The session is paused: resume it first";

/** A β round's horizon when the host gives none: enough steps for momentum to build up and show. */
export const BETA_ROUND_DEFAULT_K = 10;
/** Fewer steps than this and β cannot matter: see refuseBetaRound. */
export const BETA_ROUND_MIN_K = 2;

/** Players holding a seat: removed players free theirs, so kicking junk makes room for real students. */
function seatedPlayers(state: SessionState): number {
  let seated = 0;
  for (const player of state.players.values()) if (!player.kicked) seated++;
  return seated;
}

function notEnded(state: SessionState): AckError | null {
  return state.status === "ended" ? fail(ErrorCode.SESSION_ENDED, "This session has ended") : null;
}

/** Stepping, running and resetting need the guessing to be over (a step changes what the open round is about). */
function roundIsOpen(state: SessionState): AckError | null {
  const open = openRound(state);
  return open ? fail(ErrorCode.ROUND_OPEN, `Round ${open.number} is open: close it first`) : null;
}

function isPaused(state: SessionState): AckError | null {
  return state.status === "paused" ? fail(ErrorCode.SESSION_PAUSED, PAUSED) : null;
}

async function closeEvents(state: SessionState, reason: "host" | "timer" | "end", ctx: DecideContext): Promise<SessionEvent[]> {
  const round = openRound(state)!;
  const scoring = await ctx.score(state, roundScoringInput(state, round, ctx.now));
  return [{ type: "round.closed", round: round.number, reason, scoring }];
}

/**
 * One host command's rule: `refuse` says whether it may run now (and why not, in words fit for a button's title);
 * `build` makes its events once it may. `build` never refuses, so a gate computed from `refuse` is exactly decide's.
 */
type HostRule<K extends HostCommandName> = {
  refuse: (state: SessionState, payload: CommandRequestParsed<K>) => AckError | null;
  build: (state: SessionState, payload: CommandRequestParsed<K>, ctx: DecideContext) => Decision<CommandResponse<K>> | Promise<Decision<CommandResponse<K>>>;
};

/** `beta`: a class's β after a β round (undefined: the configuration's β, or plain descent). */
function stepped(
  state: SessionState,
  policy: HostCommand<"network:step">["payload"]["policy"] | "run",
  alpha: number,
  playerId: string | null,
  steps: number,
  beta?: number,
) {
  const r = stepEngine(state.engine, alpha, steps, beta);
  const event: SessionEvent = {
    type: "network.stepped",
    policy,
    alpha,
    ...(beta === undefined ? {} : { beta }),
    playerId,
    requestedSteps: steps,
    stepsApplied: r.stepsApplied,
    diverged: r.diverged,
    step: r.engine.step,
    checksum: r.checksum,
  };
  return { event, r, lossAfter: r.points.at(-1)?.trainLoss ?? r.lossBefore };
}

type OpenPayload = CommandRequestParsed<"round:open">;

/** The α a β round holds fixed: the host's, else the latest step's, else the engine's best (null: none converges). */
function betaRoundAlpha(state: SessionState, payload: OpenPayload): number | null {
  if (payload?.alpha !== undefined) return payload.alpha;
  for (let i = state.history.length - 1; i >= 0; i--) {
    const alpha = state.history[i].alpha;
    if (alpha !== null) return alpha;
  }
  return engineBestAlpha(state.engine);
}

function refuseBetaRound(state: SessionState, payload: OpenPayload): AckError | null {
  if (!isMomentum(state.config))
    return fail(ErrorCode.INVALID_STATE, "A β round needs momentum: this session trains with plain gradient descent");
  if ((payload?.k ?? BETA_ROUND_DEFAULT_K) < BETA_ROUND_MIN_K)
    return fail(
      ErrorCode.INVALID_PAYLOAD,
      `A β round needs k of at least ${BETA_ROUND_MIN_K} steps: β only acts through the velocity, and from zero velocity (the start, or after a reset) one step is the same for every β`,
    );
  if (betaRoundAlpha(state, payload) === null)
    return fail(ErrorCode.INVALID_STATE, "Every learning rate diverges from here: give the β round an α, or reset the network");
  return null;
}

const hostRules: { [K in HostCommandName]: HostRule<K> } = {
  "round:open": {
    refuse: (state, payload) => {
      const open = openRound(state);
      const blocked = isPaused(state) ?? (open ? fail(ErrorCode.ROUND_OPEN, `Round ${open.number} is already open`) : null);
      if (blocked) return blocked;
      if (payload?.guess === GuessKind.beta) return refuseBetaRound(state, payload);
      return payload?.alpha === undefined ? null : fail(ErrorCode.INVALID_PAYLOAD, "A fixed α is only for a β round (guess: \"beta\")");
    },
    build: (state, payload, ctx) => {
      const timerSeconds = payload?.timerSeconds ?? null;
      const number = (currentRound(state)?.number ?? 0) + 1;
      const deadline = timerSeconds === null ? null : ctx.now + timerSeconds * 1000;
      // α rounds write exactly what they always did, so every log before momentum folds (and imports) the same.
      const opened: SessionEvent =
        payload?.guess === GuessKind.beta
          ? {
              type: "round.opened",
              round: number,
              k: payload.k ?? BETA_ROUND_DEFAULT_K,
              timerSeconds,
              deadline,
              guess: GuessKind.beta,
              alpha: betaRoundAlpha(state, payload)!,
            }
          : { type: "round.opened", round: number, k: payload?.k ?? 1, timerSeconds, deadline };
      return { events: [opened], response: { round: number, deadline } };
    },
  },
  "round:close": {
    refuse: (state) => {
      if (openRound(state)) return null;
      const round = currentRound(state);
      return fail(ErrorCode.NO_OPEN_ROUND, round ? `Round ${round.number} is already closed` : "No round is open yet");
    },
    build: async (state, _payload, ctx) => ({ events: await closeEvents(state, "host", ctx), response: { round: openRound(state)!.number } }),
  },
  "round:reveal": {
    refuse: (state) => {
      const round = currentRound(state);
      if (!round) return fail(ErrorCode.NO_OPEN_ROUND, "Open and close a round first");
      if (round.status === "open") return fail(ErrorCode.ROUND_OPEN, "Close the round first, then reveal it");
      if (round.status === "revealed") return fail(ErrorCode.INVALID_STATE, `Round ${round.number} is already revealed`);
      return null;
    },
    build: (state) => {
      const round = currentRound(state)!.number;
      return { events: [{ type: "round.revealed", round }], response: { round } };
    },
  },
  "network:step": {
    refuse: (state, { policy, alpha, playerId }) => {
      const blocked = isPaused(state) ?? roundIsOpen(state);
      if (blocked) return blocked;
      const choice = chooseAlpha(state, policy, { alpha, playerId });
      return choice.ok ? null : fail(choice.code, choice.message);
    },
    build: (state, { policy, alpha, playerId }) => {
      const choice = chooseAlpha(state, policy, { alpha, playerId });
      if (!choice.ok) throw new Error("network:step was built after its refusal check failed");
      const { event, r, lossAfter } = stepped(state, policy, choice.alpha, choice.playerId, 1, choice.beta);
      return {
        events: [event],
        response: {
          alpha: choice.alpha,
          ...(choice.beta === undefined ? {} : { beta: choice.beta }),
          lossBefore: r.lossBefore,
          lossAfter,
          diverged: r.diverged,
        },
      };
    },
  },
  "network:run": {
    refuse: (state) => isPaused(state) ?? roundIsOpen(state),
    build: (state, { alpha, steps }) => {
      const { event, r, lossAfter } = stepped(state, "run", alpha, null, steps);
      return { events: [event], response: { stepsApplied: r.stepsApplied, lossAfter, diverged: r.diverged } };
    },
  },
  "network:reset": {
    refuse: (state) => roundIsOpen(state),
    build: (state, payload, ctx) => {
      const seed = payload?.seed === "new" ? ctx.newSeed() : state.config.seed;
      return { events: [{ type: "network.reset", seed, checksum: checksum(resetState(state.engine, seed)) }], response: { seed } };
    },
  },
  "session:pause": {
    refuse: (state) => (state.status === "paused" ? fail(ErrorCode.INVALID_STATE, "The session is already paused") : null),
    build: (state, _payload, ctx) => {
      const open = openRound(state);
      const remainingMs = open?.deadline != null ? Math.max(0, open.deadline - ctx.now) : null;
      return { events: [{ type: "session.paused", remainingMs }], response: {} };
    },
  },
  "session:resume": {
    refuse: (state) => (state.status !== "paused" ? fail(ErrorCode.INVALID_STATE, "The session is not paused") : null),
    build: (state, _payload, ctx) => {
      const open = openRound(state);
      const deadline = open?.pausedRemainingMs != null ? ctx.now + open.pausedRemainingMs : null;
      return { events: [{ type: "session.resumed", deadline }], response: {} };
    },
  },
  "session:end": {
    refuse: () => null,
    build: async (state, _payload, ctx) => {
      // An open round is scored and shown before the session ends, so no guess is thrown away.
      const open = openRound(state);
      const events: SessionEvent[] = open ? await closeEvents(state, "end", ctx) : [];
      const last = open ?? currentRound(state);
      if (last && last.status !== "revealed") events.push({ type: "round.revealed", round: last.number });
      events.push({ type: "session.ended" });
      return { events, response: {} };
    },
  },
  "session:lock": {
    refuse: () => null,
    build: (state, { locked }) => ({
      events: state.locked === locked ? [] : [{ type: "session.locked", locked }],
      response: {},
    }),
  },
  "player:kick": {
    refuse: (state, payload) => {
      // All or nothing: a list naming someone who is not in the session is a mistake, not a partial removal.
      const missing = kickIds(payload).find((id) => !state.players.has(id));
      return missing === undefined ? null : fail(ErrorCode.PLAYER_NOT_FOUND, `No player ${missing} in this session`);
    },
    build: (state, payload) => {
      const events: SessionEvent[] = kickIds(payload)
        .filter((id) => !state.players.get(id)!.kicked)
        .map((id) => ({ type: "player.kicked", playerId: id }));
      return { events, response: { removed: events.length } };
    },
  },
};

function kickIds(payload: CommandRequestParsed<"player:kick">): string[] {
  return "playerIds" in payload ? [...new Set(payload.playerIds)] : [payload.playerId];
}

function refuseJoin(state: SessionState, { player }: JoinCommand, ctx: RefusalContext): AckError | null {
  const ended = notEnded(state);
  if (ended) return ended;
  // A retried join (same client-generated key, so same token) is the player it created the first time.
  const existing = ctx.playerIdForToken(player.tokenHash);
  if (existing !== undefined)
    return state.players.get(existing)?.kicked ? fail(ErrorCode.PLAYER_KICKED, "You were removed from this session") : null;
  if (state.locked) return fail(ErrorCode.SESSION_LOCKED, "The instructor has closed this session to new players");
  const refused = nicknameRefusal(player.nickname, state.rules);
  if (refused) return refused;
  // Kicked players keep their nickname taken (so a prankster cannot come straight back under it) but not their seat.
  if (state.nicknameKeys.has(player.nicknameKey)) return fail(ErrorCode.NICKNAME_TAKEN, `"${player.nickname}" is taken in this session; pick another`);
  if (seatedPlayers(state) >= state.maxPlayers) return fail(ErrorCode.SESSION_FULL, `This session is full (${state.maxPlayers} players)`);
  return null;
}

function refuseGuess(state: SessionState, command: GuessCommand, ctx: RefusalContext): AckError | null {
  const ended = notEnded(state);
  if (ended) return ended;
  const player = state.players.get(command.playerId);
  if (!player || player.kicked) return fail(ErrorCode.PLAYER_KICKED, "You were removed from this session");
  if (state.status === "paused") return fail(ErrorCode.SESSION_PAUSED, "The session is paused: wait for the instructor to resume it");
  const round = openRound(state);
  if (!round) return fail(ErrorCode.ROUND_CLOSED, "No round is open for guesses");
  const wrongKind = refuseGuessValue(state, round.guess, command);
  if (wrongKind) return wrongKind;
  if ((round.guessCounts.get(command.playerId) ?? 0) >= ctx.guessesPerRound)
    return fail(ErrorCode.GUESS_LIMIT, `You changed your guess ${ctx.guessesPerRound} times this round; your last guess counts`);
  return null;
}

/** Whether the guess is of the kind the round asks for and in its range. */
function refuseGuessValue(state: SessionState, kind: GuessKind, command: GuessCommand): AckError | null {
  if ((command.alpha === undefined) === (command.beta === undefined)) return fail(ErrorCode.INVALID_PAYLOAD, "Send either α or β");
  if (kind === GuessKind.beta) {
    if (command.beta === undefined) return fail(ErrorCode.WRONG_GUESS_KIND, "This round asks for β, not α");
    if (!(command.beta >= BETA_LIMITS.min && command.beta <= BETA_LIMITS.max))
      return fail(ErrorCode.BETA_OUT_OF_RANGE, `β must be between ${BETA_LIMITS.min} and ${BETA_LIMITS.max}`);
    return null;
  }
  if (command.alpha === undefined) return fail(ErrorCode.WRONG_GUESS_KIND, "This round asks for α, not β");
  const { alphaMin, alphaMax } = state.rules;
  if (!(command.alpha >= alphaMin && command.alpha <= alphaMax)) return fail(ErrorCode.ALPHA_OUT_OF_RANGE, `α must be between ${alphaMin} and ${alphaMax}`);
  return null;
}

/** A host command's refusal (generic, so callers such as the gates keep the command's own payload type). */
export function refuseHost<K extends HostCommandName>(state: SessionState, command: HostCommand<K>): AckError | null {
  return notEnded(state) ?? hostRules[command.name].refuse(state, command.payload);
}

/**
 * Whether a command would be refused in this state, and with which code and reason. Synchronous and side-effect
 * free: `decide` calls it first, and the gates (what the console and the phones may do next) call it too, so a
 * button is enabled exactly when its command would be accepted. A timer's close is never refused (it may do nothing).
 */
export function refusal(state: SessionState, command: SessionCommand, ctx: RefusalContext): AckError | null {
  switch (command.kind) {
    case "join":
      return refuseJoin(state, command, ctx);
    case "guess":
      return refuseGuess(state, command, ctx);
    case "timer-close":
      return null;
    case "host":
      return refuseHost(state, command);
  }
}

async function decideHost<K extends HostCommandName>(state: SessionState, command: HostCommand<K>, ctx: DecideContext): Promise<Decision<CommandResponse<K>> | AckError> {
  return refuseHost(state, command) ?? hostRules[command.name].build(state, command.payload, ctx);
}

/**
 * Decides what a command means for the session: the events to append and the typed response, or a refusal with a
 * stable code. It reads the state but never changes it; the caller folds the events in once they are stored.
 */
export function decide<K extends HostCommandName>(state: SessionState, command: HostCommand<K>, ctx: DecideContext): Promise<Decision<CommandResponse<K>> | AckError>;
export function decide(state: SessionState, command: JoinCommand, ctx: DecideContext): Promise<Decision<JoinResponse> | AckError>;
export function decide(state: SessionState, command: GuessCommand, ctx: DecideContext): Promise<Decision<GuessResponse> | AckError>;
export function decide(state: SessionState, command: TimerCloseCommand, ctx: DecideContext): Promise<Decision<TimerCloseResponse> | AckError>;
export function decide(state: SessionState, command: SessionCommand, ctx: DecideContext): Promise<Decision | AckError>;
export async function decide(state: SessionState, command: SessionCommand, ctx: DecideContext): Promise<Decision | AckError> {
  switch (command.kind) {
    case "join": {
      const refused = refuseJoin(state, command, ctx);
      if (refused) return refused;
      const existing = ctx.playerIdForToken(command.player.tokenHash);
      if (existing !== undefined) return { events: [], response: { playerId: existing, rejoined: true } };
      const { id, nickname } = command.player;
      return { events: [{ type: "player.joined", playerId: id, nickname }], response: { playerId: id }, newPlayer: command.player };
    }
    case "guess": {
      const refused = refuseGuess(state, command, ctx);
      if (refused) return refused;
      const round = openRound(state)!.number;
      // A β is stored in the α-named field (events.ts round.opened); the response echoes the one sent.
      if (command.beta !== undefined)
        return { events: [{ type: "guess.submitted", round, playerId: command.playerId, alpha: command.beta }], response: { round, beta: command.beta } };
      return {
        events: [{ type: "guess.submitted", round, playerId: command.playerId, alpha: command.alpha }],
        response: { round, alpha: command.alpha },
      };
    }
    case "timer-close": {
      const round = openRound(state);
      // The round may have been closed by the host, or the session paused, since the timer was set.
      if (!round || round.number !== command.round || round.deadline === null || state.status === "paused") return { events: [], response: {} };
      return { events: await closeEvents(state, "timer", ctx), response: { round: round.number } };
    }
    case "host":
      return decideHost(state, command, ctx);
  }
}
