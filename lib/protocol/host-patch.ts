import { z } from "zod";
import { HostViewSchema } from "./views";

/**
 * The console's view after attach arrives as compact changes: at 4,000 players the whole view is over 1 MB, and a burst
 * of guesses would resend it several times a second. A patch names the revision it applies to (`base`) and the one it
 * makes (`rev`); a console that holds another revision re-attaches for a fresh snapshot. Players are referred to by
 * their place in `players` (players are only ever appended), and `answered` is not sent: it follows from the round's
 * guesses.
 */
const view = HostViewSchema.shape;
const PlayerEntrySchema = view.players.element.omit({ answered: true });
const RoundSchema = view.round.unwrap();

export const HostPatchSchema = z.object({
  base: z.number().int(),
  rev: z.number().int(),
  seq: view.seq,
  serverNow: view.serverNow,
  session: view.session.optional(),
  roundCount: view.roundCount.optional(),
  leaderboard: view.leaderboard.optional(),
  calibrationBoard: view.calibrationBoard.optional(),
  history: view.history.optional(),
  engine: view.engine.optional(),
  checksum: view.checksum.optional(),
  gates: view.gates.optional(),
  players: z
    .object({
      /** Players joined since `base`, appended in order. */
      add: z.array(PlayerEntrySchema).optional(),
      /** [index, the fields that changed] for players already there. */
      set: z.array(z.tuple([z.number().int(), PlayerEntrySchema.partial()])).optional(),
    })
    .optional(),
  /** The round was replaced (a new round, or none): the whole of it. */
  round: view.round.optional(),
  /** The same round changed. */
  roundPatch: RoundSchema.omit({ guesses: true })
    .partial()
    .extend({
      guesses: z
        .object({
          /** Players whose guess is new or changed: ascending indexes, each sent as the gap from the one before. */
          at: z.array(z.number().int()),
          alpha: z.array(z.number()),
          /** Players whose guess is gone (a removed player's), ascending indexes. */
          drop: z.array(z.number().int()).optional(),
        })
        .optional(),
    })
    .optional(),
});
export type HostPatch = z.infer<typeof HostPatchSchema>;

/** What host:attach answers: the whole view and the revision later patches build on. */
export const HostSnapshotSchema = z.object({ view: HostViewSchema, rev: z.number().int() });
