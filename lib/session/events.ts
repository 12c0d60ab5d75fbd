import { z } from "zod";
import { CONFIG_LIMITS, EngineConfigSchema, SerializedStateSchema } from "@/lib/engine";
import { GuessKindSchema, MAX_HORIZON_STEPS, MAX_RUN_STEPS, ROUND_TIMER_LIMITS, SessionRulesSchema, StepPolicySchema } from "@/lib/protocol/rules";

/**
 * The session event log. Events are facts, appended in order and never changed; the state of a session at any point
 * is the fold of its events up to there (see fold.ts). Anything that depends on chance or the clock (ids, times,
 * seeds) is decided once by the server and written into the event, so folding is deterministic.
 *
 * These schemas are the stored format and import nothing from the wire views (lib/protocol/views.ts): a view may change
 * freely, while what old logs must parse as may not. Views are built from these types (lib/session/views.ts), so the
 * dependency runs views → events only.
 */

/**
 * Version of the stored events' shape. Every log in a database or an export file today is version 1 (the events carry
 * no version field: a log without one is v1). A future v2 must keep v1 parsing: add optional fields with defaults, or
 * add new event types; never rename, remove or narrow a v1 field. If a change cannot be expressed that way, write the
 * v2 schema beside this one and upgrade v1 events to it when they are read (tests/fixtures/logs/ holds real v1 logs
 * that tests/session-rules/stored-log-fixture.test.ts folds).
 */
export const STORED_EVENTS_VERSION = 1;

/**
 * Bounds on what a stored event can ask the fold to do or hold. They are the live commands' own limits (k, steps,
 * timers) or generous caps above anything the live server writes (players, rounds, text), so every log written by
 * this server still loads, while no stored or imported event can make a fold run for hours or fill the heap.
 * Imports are checked further against the live rules (server/archive/import-rules.ts).
 */
export const STORED_LIMITS = {
  /** MAX_PLAYERS_PER_SESSION's own maximum. */
  maxPlayers: 100_000,
  maxRounds: 100_000,
  /** Raw nickname length the join schema accepts before normalising; stored names are shorter. */
  maxNicknameLength: 200,
  maxIdLength: 64,
  maxChecksumLength: 64,
  /** lossCurve's grid is 61 points by default and 1,001 at most. */
  maxCurvePoints: 1001,
} as const;

const PlayerId = z.string().min(1).max(STORED_LIMITS.maxIdLength);
const RoundNumber = z.number().int().min(1).max(STORED_LIMITS.maxRounds);
const Checksum = z.string().max(STORED_LIMITS.maxChecksumLength);

const finiteOrNull = z.number().nullable();

/** One point of a round's what-if curve: the loss k steps at this α would reach (null when it diverged). */
export const StoredCurvePointSchema = z.object({ alpha: z.number(), loss: finiteOrNull, diverged: z.boolean() });
export type StoredCurvePoint = z.infer<typeof StoredCurvePointSchema>;

/** One student's scored guess in one round, as stored when the round closed. */
export const StoredResultSchema = z.object({
  playerId: PlayerId,
  alpha: z.number(),
  loss: finiteOrNull,
  diverged: z.boolean(),
  /** 0…1000 from the engine's score formula. */
  baseScore: z.number().int(),
  /** Speed bonus (0 unless the session's rule is on). */
  bonus: z.number().int(),
  score: z.number().int(),
  /** Rank by loss in this round (1 = lowest). */
  rank: z.number().int(),
  /** Seconds from the round opening to the guess that counted. */
  answeredAfter: z.number(),
});
export type StoredResult = z.infer<typeof StoredResultSchema>;

/** Scoring is computed once when a round closes and stored, so rebuilding a session never re-scores. */
export const RoundScoringSchema = z.object({
  k: z.number().int().min(1).max(MAX_HORIZON_STEPS),
  lossBefore: z.number(),
  bestAlpha: z.number().nullable(),
  bestLoss: z.number().nullable(),
  curve: z.array(StoredCurvePointSchema).max(STORED_LIMITS.maxCurvePoints),
  results: z.array(StoredResultSchema).max(STORED_LIMITS.maxPlayers),
  /** Weight checksum the round was scored against. */
  checksum: Checksum,
});
export type RoundScoring = z.infer<typeof RoundScoringSchema>;

export const SessionEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("session.created"),
    config: EngineConfigSchema,
    rules: SessionRulesSchema,
    maxPlayers: z.number().int().min(1).max(STORED_LIMITS.maxPlayers),
    /** Set when the session continues from a replay: the network starts from these exact weights. */
    startFrom: z
      .object({ sessionId: z.string().max(STORED_LIMITS.maxIdLength), seq: z.number().int().min(1), engine: SerializedStateSchema })
      .optional(),
  }),
  z.object({ type: z.literal("player.joined"), playerId: PlayerId, nickname: z.string().max(STORED_LIMITS.maxNicknameLength) }),
  z.object({ type: z.literal("player.kicked"), playerId: PlayerId }),
  z.object({ type: z.literal("session.locked"), locked: z.boolean() }),
  z.object({
    type: z.literal("round.opened"),
    round: RoundNumber,
    k: z.number().int().min(1).max(MAX_HORIZON_STEPS),
    timerSeconds: z.number().int().min(ROUND_TIMER_LIMITS.min).max(ROUND_TIMER_LIMITS.max).nullable(),
    deadline: z.number().nullable(),
    /**
     * What the class guesses; absent = "alpha" (every round before momentum). In a "beta" round every α-named field
     * of that round — guess.submitted.alpha, the scoring's bestAlpha, curve and results' alpha — holds a β: v1's
     * names are kept so one round shape (and one scoring, reveal and export path) serves both, and the round says
     * which it is.
     */
    guess: GuessKindSchema.optional(),
    /** A β round's fixed learning rate (absent in α rounds). */
    alpha: z.number().optional(),
  }),
  /** `alpha`: the guessed value (a β in a β round, see round.opened). */
  z.object({ type: z.literal("guess.submitted"), round: RoundNumber, playerId: PlayerId, alpha: z.number() }),
  z.object({ type: z.literal("round.closed"), round: RoundNumber, reason: z.enum(["host", "timer", "end"]), scoring: RoundScoringSchema }),
  z.object({ type: z.literal("round.revealed"), round: RoundNumber }),
  z.object({
    type: z.literal("network.stepped"),
    /** "run" for k steps in a row with a fixed α; otherwise the policy that chose α. */
    policy: StepPolicySchema.or(z.literal("run")),
    alpha: z.number(),
    /** The momentum β this step used when it was not the configuration's (a class's β after a β round); else absent. */
    beta: z.number().optional(),
    playerId: PlayerId.nullable(),
    requestedSteps: z.number().int().min(1).max(MAX_RUN_STEPS),
    stepsApplied: z.number().int().min(0).max(MAX_RUN_STEPS),
    diverged: z.boolean(),
    /** Step count and weight checksum after the step(s): replays prove they reproduce the live run with these. */
    step: z.number().int().min(0),
    checksum: Checksum,
  }),
  z.object({ type: z.literal("session.paused"), remainingMs: z.number().min(0).nullable() }),
  z.object({ type: z.literal("session.resumed"), deadline: z.number().nullable() }),
  z.object({ type: z.literal("network.reset"), seed: z.number().int().min(0).max(CONFIG_LIMITS.maxSeed), checksum: Checksum }),
  z.object({ type: z.literal("session.ended") }),
]);
export type SessionEvent = z.infer<typeof SessionEventSchema>;
export type SessionEventType = SessionEvent["type"];
export type EventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;

/** An event as stored: its place in the log and when the server accepted it (epoch ms). */
export type StoredEvent = { seq: number; at: number; event: SessionEvent };

/**
 * Which events record the weight checksum the live server had right after them, and where: the single list the fold
 * verifies against (fold.ts), the server counts in its verification and the replay page counts as "N recorded
 * checksums". A new event that records one is added here and nowhere else.
 */
const RECORDED_CHECKSUM: { readonly [T in SessionEventType]?: (event: EventOf<T>) => string } = {
  "round.closed": (e) => e.scoring.checksum,
  "network.stepped": (e) => e.checksum,
  "network.reset": (e) => e.checksum,
};
export const CHECKSUM_EVENT_TYPES = Object.keys(RECORDED_CHECKSUM) as readonly SessionEventType[];

/** The checksum an event recorded, or null for an event that records none. */
export function recordedChecksum(event: SessionEvent): string | null {
  const read = RECORDED_CHECKSUM[event.type] as ((e: SessionEvent) => string) | undefined;
  return read ? read(event) : null;
}

export function carriesChecksum(event: SessionEvent): boolean {
  return event.type in RECORDED_CHECKSUM;
}
