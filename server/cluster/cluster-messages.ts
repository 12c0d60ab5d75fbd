import { z } from "zod";
import { StoredEventSchema } from "@/lib/session/export-file";

/**
 * What nodes of a cluster say to each other over Redis pub/sub. Redis is a boundary like any socket: every message is
 * parsed here, and one that does not parse is dropped and logged, never folded.
 *
 * - `bpl:node:<id>`: commands forwarded to the node that writes a session, and the answers going back.
 * - `bpl:session:<id>`: batches the writer committed and which players each node has sockets for.
 */
export const nodeChannel = (nodeId: string) => `bpl:node:${nodeId}`;
export const sessionChannel = (sessionId: string) => `bpl:session:${sessionId}`;
export const SESSION_CHANNEL_PREFIX = "bpl:session:";

const Id = z.string().min(1).max(128);

/** A session command as forwarded (decide validates its content as it would for a local one). */
const CommandSchema = z.union([
  z.object({ kind: z.literal("host"), name: z.string().max(64), payload: z.unknown() }),
  // An α or a β (decide refuses a guess with neither, both, or the wrong one for the round).
  z.object({ kind: z.literal("guess"), playerId: Id, alpha: z.number().optional(), beta: z.number().optional(), from: Id.optional(), commandId: Id.optional() }),
  z.object({
    kind: z.literal("join"),
    player: z.object({ id: Id, nickname: z.string().max(200), nicknameKey: z.string().max(200), tokenHash: Id }),
  }),
  z.object({ kind: z.literal("timer-close"), round: z.number().int() }),
]);

/**
 * `viaBatch`: the asking node hears the session's batches, so an answer that changed the log may ride in the batch
 * (one message instead of two). Absent (an older node, or its subscription not confirmed yet): answered on its own.
 */
const ForwardedSchema = z.object({ rid: Id, sessionId: Id, command: CommandSchema, viaBatch: z.boolean().optional() });
/** The owner's answer, with its seq after the batch, so the asking node can wait until its copy has caught up. */
const AnswerSchema = z.union([
  z.object({ rid: Id, ack: z.record(z.string(), z.unknown()), seq: z.number().int() }),
  /** "Not mine (any more)": the asking node looks the owner up again. */
  z.object({ rid: Id, redirect: z.literal(true) }),
]);

/** Commands and answers travel in bundles: everything one node has for another in one event-loop turn is one message. */
export const NodeMessageSchema = z.discriminatedUnion("t", [
  z.object({ t: z.literal("cmds"), from: Id, items: z.array(ForwardedSchema).min(1).max(5000) }),
  z.object({ t: z.literal("acks"), items: z.array(AnswerSchema).min(1).max(5000) }),
]);
export type Forwarded = z.infer<typeof ForwardedSchema>;
export type Answer = z.infer<typeof AnswerSchema>;
export type NodeMessage = z.infer<typeof NodeMessageSchema>;

export const BatchSchema = z.object({
  events: z.array(StoredEventSchema).min(1),
  newPlayers: z.array(z.tuple([Id, Id])),
  receipts: z.array(z.object({ key: z.string().max(200), response: z.unknown(), seq: z.number().int() })),
  guessed: z.array(z.tuple([Id, Id.optional()])),
  /** Answers to forwarded commands of this batch, for the nodes that asked (each node takes its own). */
  answers: z.array(z.object({ to: z.object({ node: Id, rid: Id }), ack: z.record(z.string(), z.unknown()) })).max(5000).optional(),
});

export const SessionMessageSchema = z.discriminatedUnion("t", [
  z.object({ t: z.literal("batch"), node: Id, epoch: z.number().int(), batch: BatchSchema }),
  z.object({ t: z.literal("presence"), node: Id, players: z.array(Id) }),
]);
export type SessionMessage = z.infer<typeof SessionMessageSchema>;
