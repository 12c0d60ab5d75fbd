import { checksum, serializeState, type EngineState, type SerializedState } from "@/lib/engine";
import { PHONE_CURVE_DIGITS, type GuessOutcome, type HostView, type RoundProgress, type RoundReveal, type SessionSummary, type StudentView } from "@/lib/protocol";
import { carriesChecksum, type StoredEvent } from "./events";
import { sessionLogFile, type SessionLogFile } from "./export-file";
import { hostGates, studentGates } from "./gates";
import { displayName } from "./display-name";
import { leaderboard, standings } from "./leaderboard";
import { answeredRounds, calibrationBoard, calibrationRanks, classInsight, judgedResultOf, judgedResults, trendOfAnswered } from "./mastery";
import { revealOf, verdictOf } from "./round-summary";
import { SPEED_BONUS_MAX } from "./speed-bonus";
import { studentSummaries } from "./student-summary";
import { activePlayers, currentRound, openRound, type PlayerState, type SessionState } from "./state";

/**
 * Redaction in one place: everything about a session that leaves the server is built here, per audience, from the
 * folded state or the log (in the spirit of boardgame.io's playerView). The server only picks the audience and sends.
 * - the host (hostView): everything, live guesses included;
 * - one player (studentViews, roundProgress, sessionSummary): their own guess and result, shared counts and the
 *   leaderboard; nobody else's guess before the reveal, and after it only the round's curve, best and median α;
 * - the replay (replayAccess, replayFile): the whole log, to its host at any time, to anyone else only once the
 *   session has ended (or is an imported, read-only replay). Stored events hold no secrets besides the guesses
 *   (player and host tokens live only as hashes in the database rows, never in an event).
 */

/** Facts about a session that live outside its event log (its row, its sockets, the clock). */
export type ViewContext = {
  sessionId: string;
  joinCode: string;
  joinUrl: string;
  /** Share link of the replay (unguessable: it carries the session id). */
  replayUrl: string;
  now: number;
  isConnected: (playerId: string) => boolean;
};

const HOST_LEADERBOARD_SIZE = 10;
const HOST_CALIBRATION_BOARD_SIZE = 10;
const STUDENT_LEADERBOARD_SIZE = 5;

function displayNameFn(state: SessionState): (id: string) => string {
  return (id) => displayName(state.players.get(id)!, state.rules.hideNicknames);
}

function roundTiming(round: NonNullable<ReturnType<typeof currentRound>>) {
  return {
    number: round.number,
    status: round.status,
    k: round.k,
    guess: round.guess,
    fixedAlpha: round.fixedAlpha,
    deadline: round.deadline,
    pausedRemainingMs: round.pausedRemainingMs,
  };
}

/**
 * The engine's part of a host view, made once per engine state: the fold replaces the (immutable) state on every
 * step or reset, and consoles get a view up to 20 times a second during a round, so serialising and hashing it each
 * time would repeat the same work; the same object each time also lets a console patch skip it by identity.
 */
const engineParts = new WeakMap<EngineState, { engine: SerializedState; checksum: string }>();
function engineViewOf(engine: EngineState) {
  let parts = engineParts.get(engine);
  if (!parts) engineParts.set(engine, (parts = { engine: serializeState(engine), checksum: checksum(engine) }));
  return parts;
}

/** The loss history as sent: a copy (the fold appends to the state's array), remade only when it grew. */
const historyCopies = new WeakMap<SessionState["history"], SessionState["history"]>();
function historyViewOf(history: SessionState["history"]) {
  let copy = historyCopies.get(history);
  if (!copy || copy.length !== history.length) historyCopies.set(history, (copy = history.slice()));
  return copy;
}

/** The instructor's full picture. Guesses are included live; the console decides when to show them. */
export function hostView(state: SessionState, ctx: ViewContext): HostView {
  const round = currentRound(state);
  const names = displayNameFn(state);
  return {
    seq: state.seq,
    serverNow: ctx.now,
    session: {
      id: ctx.sessionId,
      joinCode: ctx.joinCode,
      joinUrl: ctx.joinUrl,
      replayUrl: ctx.replayUrl,
      status: state.status,
      locked: state.locked,
      rules: state.rules,
      config: state.config,
      createdAt: state.createdAt,
      maxPlayers: state.maxPlayers,
    },
    players: [...state.players.values()].map((p) => ({
      id: p.id,
      nickname: p.nickname,
      pseudonym: p.pseudonym,
      connected: ctx.isConnected(p.id),
      kicked: p.kicked,
      total: p.total,
      answered: round?.status === "open" ? round.guesses.has(p.id) : false,
    })),
    round: round && {
      ...roundTiming(round),
      timerSeconds: round.timerSeconds,
      openedAt: round.openedAt,
      // In player order (not guess order), so a console patch can name guesses by player index in one ascending walk.
      guesses: [...state.players.keys()].flatMap((playerId) => {
        const g = round.guesses.get(playerId);
        return g ? [{ playerId, alpha: g.alpha }] : [];
      }),
      reveal: round.status === "open" ? null : revealOf(round),
      results: judgedResults(round),
      insight: round.status === "revealed" ? classInsight(round) : null,
    },
    roundCount: state.rounds.length,
    leaderboard: leaderboard(state, HOST_LEADERBOARD_SIZE, names),
    calibrationBoard: calibrationBoard(state, answeredRounds(state.rounds), names, HOST_CALIBRATION_BOARD_SIZE),
    // A copy: the fold appends to the state's array, and a console patch is diffed against the view sent before.
    history: historyViewOf(state.history),
    ...engineViewOf(state.engine),
    gates: hostGates(state),
  };
}

/** What studentViews and studentViewsJson need besides the state. */
export type StudentViewContext = Omit<ViewContext, "isConnected" | "joinUrl" | "replayUrl"> & { guessesPerRound: number };

const phoneNumber = (x: number) => Number(x.toPrecision(PHONE_CURVE_DIGITS));

/** The reveal as phones get it: the curve compact and rounded (see StudentViewSchema), everything else exact. */
function phoneReveal(reveal: RoundReveal | null) {
  return (
    reveal && {
      ...reveal,
      curve: reveal.curve.map((p): [number, number | null] => [phoneNumber(p.alpha), p.diverged || p.loss === null ? null : phoneNumber(p.loss)]),
    }
  );
}

/**
 * The pieces of every student's view, for one broadcast: the parts all phones share are computed once here, the
 * per-player parts by the functions returned. studentViews assembles them as objects, studentViewsJson as JSON text.
 */
export function studentViewParts(state: SessionState, ctx: StudentViewContext) {
  const round = currentRound(state);
  const standing = standings(state);
  const { ranks } = standing;
  const displayName = displayNameFn(state);
  const top = leaderboard(state, STUDENT_LEADERBOARD_SIZE, displayName, standing);
  const revealed = round?.status === "revealed" ? round : null;
  const reveal = revealed ? phoneReveal(revealOf(revealed)) : null;
  const outcomes = new Map(revealed?.scoring?.results.map((r) => [r.playerId, r]) ?? []);
  // Mastery changes only at a reveal; one pass over the rounds serves every phone's trend and calibration rank.
  const answered = answeredRounds(state.rounds);
  const ranksByCalibration = calibrationRanks(state, answered);
  const lastPoint = state.history.at(-1)!;
  const playerCount = activePlayers(state).length;
  const session = {
    id: ctx.sessionId,
    joinCode: ctx.joinCode,
    title: state.config.name,
    scenario: state.config.scenario,
    status: state.status,
    alphaMin: state.rules.alphaMin,
    alphaMax: state.rules.alphaMax,
    playerCount,
    rules: { speedBonus: state.rules.speedBonus, speedBonusMax: SPEED_BONUS_MAX, hideNicknames: state.rules.hideNicknames },
  };
  return {
    seq: state.seq,
    serverNow: ctx.now,
    session,
    /** The round's number, state and clock (null before the first round); each phone adds its own guess. */
    round: round && roundTiming(round),
    // Guesses of kicked players are dropped by the fold, so every guess left belongs to an active player.
    lockedIn: round?.status === "open" ? { count: round.guesses.size, of: playerCount } : null,
    /** The revealed round's public summary; each phone adds its own result and verdict. */
    reveal,
    /** The top of the leaderboard, with the ids each phone compares with its own (isMe). */
    top,
    network: { step: state.engine.step, trainLoss: lastPoint.trainLoss },
    /** The player a view is for, or undefined for unknown and kicked players (who get no view). */
    player: (playerId: string) => {
      const player = state.players.get(playerId);
      return player && !player.kicked ? player : undefined;
    },
    me: (playerId: string, player: PlayerState) => ({
      playerId,
      nickname: player.nickname,
      total: player.total,
      rank: ranks.get(playerId) ?? null,
      trend: trendOfAnswered(answered.get(playerId)),
      calibrationRank: ranksByCalibration.get(playerId) ?? null,
    }),
    myGuess: (playerId: string) => round?.guesses.get(playerId)?.alpha ?? null,
    mine: (playerId: string) => outcomes.get(playerId) ?? null,
    verdict: (mine: GuessOutcome | null) => verdictOf(mine, reveal?.bestAlpha ?? null),
    /** This phone's calibration in the revealed round (null without a guess, or when the round has no best). */
    calibration: (playerId: string) => (revealed ? (judgedResultOf(revealed, playerId)?.calibration ?? null) : null),
    gates: (playerId: string) => studentGates(state, playerId, ctx.guessesPerRound),
  };
}

/**
 * Views for every student at once: the parts all phones share are computed once, then each phone gets its own
 * result and rank. Returns a function from player id to view (undefined for unknown or kicked players).
 */
export function studentViews(state: SessionState, ctx: StudentViewContext) {
  const parts = studentViewParts(state, ctx);
  return (playerId: string): StudentView | undefined => {
    const player = parts.player(playerId);
    if (!player) return undefined;
    const mine = parts.mine(playerId);
    return {
      seq: parts.seq,
      serverNow: parts.serverNow,
      session: parts.session,
      me: parts.me(playerId, player),
      round: parts.round && { ...parts.round, myGuess: parts.myGuess(playerId), lockedIn: parts.lockedIn },
      reveal: parts.reveal && { ...parts.reveal, mine, verdict: parts.verdict(mine), calibration: parts.calibration(playerId) },
      leaderboard: parts.top.map(({ playerId: id, ...entry }) => ({ ...entry, isMe: id === playerId })),
      network: parts.network,
      gates: parts.gates(playerId),
    };
  };
}

/** The lock-in count every phone gets while a round is open ("N of M locked in"): counts, never whose. */
export function roundProgress(state: SessionState): RoundProgress | null {
  const round = openRound(state);
  return round && { round: round.number, count: round.guesses.size, of: activePlayers(state).length };
}

/** What anyone holding the join code learns before joining. */
export function sessionSummary(state: SessionState, ctx: Pick<ViewContext, "sessionId" | "joinCode">): SessionSummary {
  return {
    id: ctx.sessionId,
    joinCode: ctx.joinCode,
    status: state.status,
    playerCount: activePlayers(state).length,
    createdAt: state.createdAt,
  };
}

/** Who asks for a session's log: its host (holding the host token) or anyone with the link. */
export type ReplayAudience = "host" | "public";

/**
 * Whether this audience may read the log now. Before a session ends its log holds every live guess and the exact
 * weights, so only its host may read it; an imported replay is read-only and public from the start. The server asks
 * twice — with the status its database row says, then with the status the fold reached — so a row that disagreed
 * with the log still could not leak a live round.
 */
export function replayAccess(audience: ReplayAudience, session: { readOnly: boolean; status: string }): boolean {
  return audience === "host" || session.readOnly || session.status === "ended";
}

/**
 * The replay / export file of a session: its log (events parsed by the stored-event schemas, so nothing a row held
 * beyond them is passed on) with the server's own recomputation of it, so the replay page can say whether it
 * reproduced the live run, and each student's mastery summary. `state` is the fold of `events`.
 */
export function replayFile(session: SessionLogFile["session"], events: readonly StoredEvent[], state: SessionState): SessionLogFile {
  const checks = events.filter((e) => carriesChecksum(e.event)).length;
  return {
    ...sessionLogFile(session, events),
    verification: { checks, issues: state.integrity },
    summary: { students: studentSummaries(state) },
  };
}
