import { z } from "zod";
import { EngineConfigSchema, SerializedStateSchema } from "@/lib/engine";
// Views reuse the stored shapes (never the other way round): a view may change, what old logs parse as may not.
import { StoredCurvePointSchema, StoredResultSchema } from "@/lib/session/events";
import { HostGatesSchema, StudentGatesSchema } from "./gates";
import { GuessKindSchema, SessionRulesSchema, StepPolicySchema } from "./rules";

export const SessionStatusSchema = z.enum(["lobby", "live", "paused", "ended"]);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;
export const RoundStatusSchema = z.enum(["open", "closed", "revealed"]);
export type RoundStatus = z.infer<typeof RoundStatusSchema>;

const finiteOrNull = z.number().nullable();

export const CurvePointSchema = StoredCurvePointSchema;
export type CurvePoint = z.infer<typeof CurvePointSchema>;

export const VerdictSchema = z.enum(["too-small", "about-right", "too-large", "diverged", "no-guess"]);
export type Verdict = z.infer<typeof VerdictSchema>;

/** One student's result in one round: exactly what was stored when the round closed. */
export const GuessOutcomeSchema = StoredResultSchema;
export type GuessOutcome = z.infer<typeof GuessOutcomeSchema>;

export const LeaderboardEntrySchema = z.object({
  playerId: z.string(),
  nickname: z.string(),
  total: z.number().int(),
  rank: z.number().int(),
  /** Rank before the latest revealed round (null for a player who was not ranked then). */
  previousRank: z.number().int().nullable(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;

export const LossPointSchema = z.object({
  step: z.number().int(),
  trainLoss: z.number(),
  testLoss: finiteOrNull,
  /** α of the step that led here (null for the starting point and after a reset). */
  alpha: finiteOrNull,
  /** What produced this point: a policy, "run" (k steps at once), "reset", or null for the start. */
  policy: StepPolicySchema.or(z.enum(["run", "reset"])).nullable(),
  /** The weights after this step, for models small enough to draw their path (one weight, line fit); else null. */
  params: z.array(z.number()).nullable(),
});
export type LossPoint = z.infer<typeof LossPointSchema>;

/**
 * How far a guess was from the best value, in decades: |log10(guess / best)| for α, |log10((1 − guess) / (1 − best))|
 * for β (β lives on a scale fine near 1). 0 is spot on, 1 is ten times off. Derived from the stored results.
 */
export const CalibrationSchema = z.number().nonnegative();

/** A stored result with the verdict and calibration derived from it (lib/session/mastery.ts). */
export const JudgedOutcomeSchema = GuessOutcomeSchema.extend({ verdict: VerdictSchema, calibration: CalibrationSchema.nullable() });
export type JudgedOutcome = z.infer<typeof JudgedOutcomeSchema>;

/** The class at a reveal: how many guesses fell in each verdict, and one sentence on the biggest group's mistake. */
export const ClassInsightSchema = z.object({
  counts: z.object({ "too-small": z.number().int(), "about-right": z.number().int(), "too-large": z.number().int(), diverged: z.number().int() }),
  /** The largest group (ties: the one listed first above); null when nobody guessed. */
  biggest: VerdictSchema.exclude(["no-guess"]).nullable(),
  sentence: z.string(),
});
export type ClassInsight = z.infer<typeof ClassInsightSchema>;

export const TrendKindSchema = z.enum(["first", "improving", "on-target", "timid", "overshooting", "drifting", "mixed"]);
export type TrendKind = z.infer<typeof TrendKindSchema>;

/** One student's calibration across the revealed rounds they answered, oldest first, with a plain-words reading. */
export const TrendSchema = z.object({
  kind: TrendKindSchema,
  /** Calibration per answered revealed round, oldest first (at most the latest 20). */
  decades: z.array(CalibrationSchema),
  /** E.g. "You're getting closer: 1.2 → 0.3 decades". */
  sentence: z.string(),
});
export type Trend = z.infer<typeof TrendSchema>;

/** The "best calibrated" ranking: lowest mean calibration over revealed rounds answered, beside the points board. */
export const CalibrationEntrySchema = z.object({
  playerId: z.string(),
  nickname: z.string(),
  /** Mean calibration in decades over `rounds` answered revealed rounds. */
  decades: CalibrationSchema,
  rounds: z.number().int(),
  rank: z.number().int(),
});
export type CalibrationEntry = z.infer<typeof CalibrationEntrySchema>;

export const RoundRevealSchema = z.object({
  round: z.number().int(),
  /** What the class guessed; in a β round bestAlpha, medianAlpha and the curve's alpha hold β (see events.ts). */
  guess: GuessKindSchema,
  /** A β round's fixed α (null in α rounds). */
  fixedAlpha: finiteOrNull,
  k: z.number().int(),
  lossBefore: z.number(),
  bestAlpha: finiteOrNull,
  bestLoss: finiteOrNull,
  curve: z.array(CurvePointSchema),
  guessCount: z.number().int(),
  medianAlpha: finiteOrNull,
});
export type RoundReveal = z.infer<typeof RoundRevealSchema>;

/** Significant digits of the phone's curve (StudentView.reveal.curve). */
export const PHONE_CURVE_DIGITS = 4;

/** What every live view starts with: its place in the log, the server's clock, and which session it shows. */
function liveView<S extends z.ZodRawShape, R extends z.ZodRawShape>(session: S, rest: R) {
  return z.object({
    seq: z.number().int(),
    serverNow: z.number(),
    session: z.object({ id: z.string(), joinCode: z.string(), status: SessionStatusSchema, ...session }),
    ...rest,
  });
}

/** A round's number, state and clock, as both the console and the phones see them. */
function roundView<R extends z.ZodRawShape>(rest: R) {
  return z.object({
    number: z.number().int(),
    status: RoundStatusSchema,
    k: z.number().int(),
    /** What the class guesses this round (α, or β at the fixed α below). */
    guess: GuessKindSchema,
    fixedAlpha: finiteOrNull,
    deadline: z.number().nullable(),
    /** Remaining time while paused with a timed round open. */
    pausedRemainingMs: z.number().nullable(),
    ...rest,
  });
}

/** Everything the instructor console shows; includes the weights so the page can draw with lib/engine. */
export const HostViewSchema = liveView(
  {
    joinUrl: z.string(),
    replayUrl: z.string(),
    locked: z.boolean(),
    rules: SessionRulesSchema,
    config: EngineConfigSchema,
    /** Epoch ms, like every time on the wire. */
    createdAt: z.number(),
    maxPlayers: z.number().int(),
  },
  {
    players: z.array(
      z.object({
        id: z.string(),
        nickname: z.string(),
        pseudonym: z.string(),
        connected: z.boolean(),
        kicked: z.boolean(),
        total: z.number().int(),
        answered: z.boolean(),
      }),
    ),
    round: roundView({
      timerSeconds: z.number().int().nullable(),
      openedAt: z.number(),
      guesses: z.array(z.object({ playerId: z.string(), alpha: z.number() })),
      reveal: RoundRevealSchema.nullable(),
      results: z.array(JudgedOutcomeSchema).nullable(),
      /** Once the round is revealed: the class's verdict counts and one sentence about them. */
      insight: ClassInsightSchema.nullable(),
    }).nullable(),
    roundCount: z.number().int(),
    leaderboard: z.array(LeaderboardEntrySchema),
    /** The "best calibrated" ranking (top 10), shown beside the points leaderboard. */
    calibrationBoard: z.array(CalibrationEntrySchema),
    history: z.array(LossPointSchema),
    engine: SerializedStateSchema,
    checksum: z.string(),
    /** What the host may do next, and why not: the console renders these and never re-implements a rule. */
    gates: HostGatesSchema,
  },
);
export type HostView = z.infer<typeof HostViewSchema>;

/** What a phone receives: compact, and nothing about other students' guesses before the reveal. */
export const StudentViewSchema = liveView(
  {
    title: z.string(),
    scenario: z.string(),
    alphaMin: z.number(),
    alphaMax: z.number(),
    playerCount: z.number().int(),
    /** The rules that change what a student sees or earns. */
    rules: z.object({ speedBonus: z.boolean(), speedBonusMax: z.number().int(), hideNicknames: z.boolean() }),
  },
  {
    me: z.object({
      playerId: z.string(),
      nickname: z.string(),
      total: z.number().int(),
      rank: z.number().int().nullable(),
      /** This student's trend across revealed rounds (null before their first answered reveal). */
      trend: TrendSchema.nullable(),
      /** Their place in the "best calibrated" ranking (null before their first answered reveal). */
      calibrationRank: z.number().int().nullable(),
    }),
    round: roundView({
      myGuess: finiteOrNull,
      /** While the round is open: how many active players have locked in a guess, of how many (a count, never whose). */
      lockedIn: z.object({ count: z.number().int(), of: z.number().int() }).nullable(),
    }).nullable(),
    reveal: RoundRevealSchema.extend({
      /**
       * The loss-versus-α curve as the phone draws it: [α, loss after the step, or null where it diverged], to
       * PHONE_CURVE_DIGITS significant digits. It is three quarters of the reveal's bytes at full precision, sent to
       * every phone at once; a phone-sized chart cannot show more digits. The console and the log keep them all.
       */
      curve: z.array(z.tuple([z.number(), z.number().nullable()])),
      mine: GuessOutcomeSchema.nullable(),
      verdict: VerdictSchema,
      /** This phone's calibration in this round (null without a guess). */
      calibration: CalibrationSchema.nullable(),
    }).nullable(),
    leaderboard: z.array(LeaderboardEntrySchema.omit({ playerId: true }).extend({ isMe: z.boolean() })),
    network: z.object({ step: z.number().int(), trainLoss: z.number() }),
    /** Whether a guess would be accepted now, and why not. */
    gates: StudentGatesSchema,
  },
);
export type StudentView = z.infer<typeof StudentViewSchema>;
