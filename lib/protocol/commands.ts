import { z } from "zod";
import type { AckCallback } from "./ack";
import { JoinCodeSchema } from "./join-code";
import { NicknameSchema } from "./nickname";
import { AlphaSchema, BetaSchema, GuessKindSchema, MAX_HORIZON_STEPS, MAX_RUN_STEPS, ROUND_TIMER_LIMITS, StepPolicySchema } from "./rules";
import { HostSnapshotSchema, type HostPatch } from "./host-patch";
import { SessionStatusSchema, StudentViewSchema } from "./views";

/** Public facts about a session that anyone holding its join code may see. */
export const SessionSummarySchema = z.object({
  id: z.string(),
  joinCode: z.string(),
  status: SessionStatusSchema,
  playerCount: z.number().int().nonnegative(),
  /** Epoch ms, like every time on the wire. */
  createdAt: z.number(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

const SessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, "not a session id");
const TokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,128}$/, "not a token");
const PlayerIdSchema = z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, "not a player id");
/**
 * A client-generated secret (at least 128 random bits, base64url) from which the server derives the player's token
 * (key + session id), so a join retried after a lost acknowledgement finds the same player instead of colliding with
 * its own nickname. At most 64 characters, so the derived token still fits TokenSchema.
 */
export const JoinKeySchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, "not a join key (22 to 64 base64url characters)");
/**
 * An idempotency key for one user action (a tap, a click), made by the client and sent again with every retry of that
 * action: the server answers a key it has seen with the first answer instead of applying the command twice (a retry
 * after a lost acknowledgement, a dropped connection or a server failover is then harmless).
 */
export const CommandIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "not a command id (8 to 64 base64url characters)");
const keyed = { commandId: CommandIdSchema.optional() };
/** Most players one bulk removal may name (a wave of junk joins is removed in one command). */
export const MAX_KICK_PLAYERS = 1000;
const empty = z.strictObject(keyed).optional();
const ok = z.object({});

/**
 * Client → server commands: one request schema and one response schema each.
 * The Socket.IO event maps below are derived from this object, so a command is declared exactly once.
 * Host commands act on the session this socket attached to with host:attach; guesses on the one it joined.
 */
export const clientCommands = {
  /** Does a join code name a session, and in what state is it? Read-only. */
  "session:lookup": {
    request: z.strictObject({ code: JoinCodeSchema }),
    response: z.object({ session: SessionSummarySchema }),
  },

  // — Students —
  "player:join": {
    request: z.strictObject({ code: JoinCodeSchema, nickname: NicknameSchema, joinKey: JoinKeySchema.optional() }),
    response: z.object({ sessionId: z.string(), playerId: z.string(), playerToken: z.string(), view: StudentViewSchema }),
  },
  /** Come back after a reload, a locked screen or a server restart: same player, same score. */
  "player:resume": {
    request: z.strictObject({ sessionId: SessionIdSchema, playerToken: TokenSchema }),
    response: z.object({ sessionId: z.string(), playerId: z.string(), view: StudentViewSchema }),
  },
  /** Submit or change a guess while the round is open; the last one counts. An α in an α round, a β in a β round. */
  "guess:submit": {
    request: z
      .strictObject({ alpha: AlphaSchema.optional(), beta: BetaSchema.optional(), ...keyed })
      .refine((r) => (r.alpha === undefined) !== (r.beta === undefined), { message: "send either alpha or beta", path: ["alpha"] }),
    response: z.object({ round: z.number().int(), alpha: z.number().optional(), beta: z.number().optional() }),
  },

  // — Host —
  "host:attach": {
    request: z.strictObject({ sessionId: SessionIdSchema, hostToken: TokenSchema }),
    response: HostSnapshotSchema,
  },
  "round:open": {
    request: z
      .strictObject({
        timerSeconds: z.number().int().min(ROUND_TIMER_LIMITS.min).max(ROUND_TIMER_LIMITS.max).nullable().optional(),
        k: z.number().int().min(1).max(MAX_HORIZON_STEPS).optional(),
        /** "beta": the class guesses the momentum β (momentum must be on); default "alpha". */
        guess: GuessKindSchema.optional(),
        /** A β round's fixed α (default: the α of the latest step, else the engine's best α). */
        alpha: AlphaSchema.optional(),
        ...keyed,
      })
      .optional(),
    response: z.object({ round: z.number().int(), deadline: z.number().nullable() }),
  },
  "round:close": { request: empty, response: z.object({ round: z.number().int() }) },
  "round:reveal": { request: empty, response: z.object({ round: z.number().int() }) },
  /** One gradient-descent step of the shared network, with α chosen by a policy. */
  "network:step": {
    request: z
      .strictObject({ policy: StepPolicySchema, alpha: AlphaSchema.optional(), playerId: PlayerIdSchema.optional(), ...keyed })
      .refine((r) => r.policy !== "host" || r.alpha !== undefined, { message: "policy host needs alpha", path: ["alpha"] })
      .refine((r) => r.policy !== "player" || r.playerId !== undefined, {
        message: "policy player needs playerId",
        path: ["playerId"],
      }),
    /** `beta`: the class's β this step used after a β round (absent: the configuration's, or none). */
    response: z.object({ alpha: z.number(), beta: z.number().optional(), lossBefore: z.number(), lossAfter: z.number(), diverged: z.boolean() }),
  },
  /** k steps in a row with one α, to show convergence or divergence. */
  "network:run": {
    request: z.strictObject({ alpha: AlphaSchema, steps: z.number().int().min(1).max(MAX_RUN_STEPS), ...keyed }),
    response: z.object({ stepsApplied: z.number().int(), lossAfter: z.number(), diverged: z.boolean() }),
  },
  "network:reset": {
    request: z.strictObject({ seed: z.enum(["same", "new"]).default("same"), ...keyed }).optional(),
    response: z.object({ seed: z.number().int() }),
  },
  "session:pause": { request: empty, response: ok },
  "session:resume": { request: empty, response: ok },
  "session:end": { request: empty, response: ok },
  "session:lock": { request: z.strictObject({ locked: z.boolean(), ...keyed }), response: ok },
  /** Removes one player, or many at once (a wave of junk joins); already-removed players are skipped. */
  "player:kick": {
    request: z.union([
      z.strictObject({ playerId: PlayerIdSchema, ...keyed }),
      z.strictObject({ playerIds: z.array(PlayerIdSchema).min(1).max(MAX_KICK_PLAYERS), ...keyed }),
    ]),
    response: z.object({ removed: z.number().int().nonnegative().optional() }),
  },
} as const;

export type ClientCommandName = keyof typeof clientCommands;
export type CommandRequest<K extends ClientCommandName> = z.input<(typeof clientCommands)[K]["request"]>;
export type CommandRequestParsed<K extends ClientCommandName> = z.output<(typeof clientCommands)[K]["request"]>;
export type CommandResponse<K extends ClientCommandName> = z.output<(typeof clientCommands)[K]["response"]>;

/** Commands only the host of the attached session may send. */
export const HOST_COMMANDS = [
  "round:open",
  "round:close",
  "round:reveal",
  "network:step",
  "network:run",
  "network:reset",
  "session:pause",
  "session:resume",
  "session:end",
  "session:lock",
  "player:kick",
] as const satisfies readonly ClientCommandName[];
export type HostCommandName = (typeof HOST_COMMANDS)[number];

export type ClientToServerEvents = {
  [K in ClientCommandName]: (payload: CommandRequest<K>, ack: AckCallback<CommandResponse<K>>) => void;
};

/** The open round's lock-in count, as StudentView.round.lockedIn shows it. */
export type RoundProgress = { round: number; count: number; of: number };

/** Server → client pushes. Phones get whole views; the console gets its snapshot with host:attach, then patches. */
export type ServerToClientEvents = {
  "server:hello": (info: { protocolVersion: number; serverVersion: string }) => void;
  /** What changed in the console's view since revision `base` (lib/session/host-view-patch.ts applies it). */
  "host:patch": (patch: HostPatch) => void;
  "player:view": (view: z.infer<typeof StudentViewSchema>) => void;
  /** How many locked in during the open round: a few bytes a second instead of every phone's whole view per guess. */
  "round:progress": (progress: RoundProgress) => void;
  /** This phone's player was removed by the host; its token no longer works. */
  "player:kicked": (info: { message: string }) => void;
  /** The host deleted the session; nothing more will happen in it. */
  "session:deleted": (info: { message: string }) => void;
};
