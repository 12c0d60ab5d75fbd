import { z } from "zod";
import { GuessKindSchema } from "@/lib/protocol/rules";
// Derived, never stored: the summary may use the view's names (the log's own shapes never do, see events.ts).
import { TrendKindSchema, VerdictSchema } from "@/lib/protocol/views";
import { SessionEventSchema, STORED_LIMITS, type StoredEvent } from "./events";

export const EXPORT_FORMAT = "backprop-live.session" as const;
export const EXPORT_VERSION = 1;

/** The largest epoch-ms a JavaScript Date (and so the database's timestamp) can hold. */
const MAX_TIME = 8.64e15;

/**
 * One student's mastery over the session, for the export's readers (a teacher's spreadsheet, a script): derived from
 * the log by lib/session/student-summary.ts, never read back. Calibrations in decades to 3 decimals.
 */
export const StudentSummarySchema = z.object({
  playerId: z.string(),
  nickname: z.string(),
  kicked: z.boolean(),
  total: z.number().int(),
  /** Revealed rounds with a guess of theirs. */
  roundsAnswered: z.number().int(),
  /** Mean over the answered rounds that had a best value; null before any. */
  meanCalibration: z.number().nullable(),
  /** Place on the "best calibrated" board at the end of the log (null: not on it, e.g. removed or never answered). */
  calibrationRank: z.number().int().nullable(),
  trend: z.object({ kind: TrendKindSchema, sentence: z.string() }).nullable(),
  rounds: z.array(
    z.object({
      round: z.number().int(),
      guess: GuessKindSchema,
      value: z.number(),
      verdict: VerdictSchema,
      calibration: z.number().nullable(),
      score: z.number().int(),
    }),
  ),
});
export type StudentSummary = z.infer<typeof StudentSummarySchema>;

export const StoredEventSchema = z.object({ seq: z.number().int().min(1), at: z.number().int().min(0).max(MAX_TIME), event: SessionEventSchema });

/**
 * A whole session as one JSON document: what the replay page fetches, what "Export JSON" downloads, and what
 * import accepts on another installation. The log is the truth; everything else is derived by folding it.
 */
export const SessionLogFileSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    session: z.object({ id: z.string().max(STORED_LIMITS.maxIdLength), joinCode: z.string().max(16), createdAt: z.number().min(0).max(MAX_TIME) }),
    events: z.array(StoredEventSchema).min(1),
    /**
     * The server's own recomputation of the log (same engine and runtime as the live session): how many recorded
     * checksums it checked and which it did not reproduce. Added when serving a replay; ignored on import.
     */
    verification: z
      .object({
        checks: z.number().int(),
        issues: z.array(z.object({ seq: z.number().int(), expected: z.string(), actual: z.string() })),
      })
      .optional(),
    /** Per-student mastery (see StudentSummarySchema). Added when serving an export; ignored on import. */
    summary: z.object({ students: z.array(StudentSummarySchema) }).optional(),
  })
  .refine((f) => f.events.every((e, i) => e.seq === i + 1), { message: "events must be numbered 1, 2, 3… without gaps", path: ["events"] });
export type SessionLogFile = z.infer<typeof SessionLogFileSchema>;

export function sessionLogFile(session: SessionLogFile["session"], events: readonly StoredEvent[]): SessionLogFile {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, session, events: [...events] };
}
