import { z } from "zod";
import { EngineConfigSchema, SerializedStateSchema } from "@/lib/engine";
import { SessionRulesSchema, StepPolicySchema } from "@/lib/protocol/rules";
import { CurvePointSchema, GuessOutcomeSchema } from "@/lib/protocol/views";

/**
 * The session event log. Events are facts, appended in order and never changed; the state of a session at any point
 * is the fold of its events up to there (see fold.ts). Anything that depends on chance or the clock (ids, times,
 * seeds) is decided once by the server and written into the event, so folding is deterministic.
 */

const PlayerId = z.string().min(1).max(64);
const RoundNumber = z.number().int().min(1);

/** One student's stored result is exactly what the views show as their outcome. */
export const StoredResultSchema = GuessOutcomeSchema.extend({ playerId: PlayerId });
export type StoredResult = z.infer<typeof StoredResultSchema>;

/** Scoring is computed once when a round closes and stored, so rebuilding a session never re-scores. */
export const RoundScoringSchema = z.object({
  k: z.number().int(),
  lossBefore: z.number(),
  bestAlpha: z.number().nullable(),
  bestLoss: z.number().nullable(),
  curve: z.array(CurvePointSchema),
  results: z.array(StoredResultSchema),
  /** Weight checksum the round was scored against. */
  checksum: z.string(),
});
export type RoundScoring = z.infer<typeof RoundScoringSchema>;

export const SessionEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("session.created"),
    config: EngineConfigSchema,
    rules: SessionRulesSchema,
    maxPlayers: z.number().int(),
    /** Set when the session continues from a replay: the network starts from these exact weights. */
    startFrom: z.object({ sessionId: z.string(), seq: z.number().int(), engine: SerializedStateSchema }).optional(),
  }),
  z.object({ type: z.literal("player.joined"), playerId: PlayerId, nickname: z.string() }),
  z.object({ type: z.literal("player.kicked"), playerId: PlayerId }),
  z.object({ type: z.literal("session.locked"), locked: z.boolean() }),
  z.object({
    type: z.literal("round.opened"),
    round: RoundNumber,
    k: z.number().int().min(1),
    timerSeconds: z.number().int().nullable(),
    deadline: z.number().nullable(),
  }),
  z.object({ type: z.literal("guess.submitted"), round: RoundNumber, playerId: PlayerId, alpha: z.number() }),
  z.object({ type: z.literal("round.closed"), round: RoundNumber, reason: z.enum(["host", "timer", "end"]), scoring: RoundScoringSchema }),
  z.object({ type: z.literal("round.revealed"), round: RoundNumber }),
  z.object({
    type: z.literal("network.stepped"),
    /** "run" for k steps in a row with a fixed α; otherwise the policy that chose α. */
    policy: StepPolicySchema.or(z.literal("run")),
    alpha: z.number(),
    playerId: PlayerId.nullable(),
    requestedSteps: z.number().int().min(1),
    stepsApplied: z.number().int().min(0),
    diverged: z.boolean(),
    /** Step count and weight checksum after the step(s): replays prove they reproduce the live run with these. */
    step: z.number().int(),
    checksum: z.string(),
  }),
  z.object({ type: z.literal("session.paused"), remainingMs: z.number().nullable() }),
  z.object({ type: z.literal("session.resumed"), deadline: z.number().nullable() }),
  z.object({ type: z.literal("network.reset"), seed: z.number().int(), checksum: z.string() }),
  z.object({ type: z.literal("session.ended") }),
]);
export type SessionEvent = z.infer<typeof SessionEventSchema>;
export type SessionEventType = SessionEvent["type"];
export type EventOf<T extends SessionEventType> = Extract<SessionEvent, { type: T }>;

/** An event as stored: its place in the log and when the server accepted it (epoch ms). */
export type StoredEvent = { seq: number; at: number; event: SessionEvent };
