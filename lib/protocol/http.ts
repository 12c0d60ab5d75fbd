import { z } from "zod";
import { EngineConfigSchema } from "@/lib/engine";
import { SessionRulesSchema } from "./rules";

/**
 * POST /api/sessions — every field optional: the defaults make a good first lesson (one weight).
 * With `continueFrom`, the new session starts from the exact network of another session after event `seq`.
 */
export const CreateSessionBodySchema = z.strictObject({
  config: z.unknown().optional(),
  rules: SessionRulesSchema.optional(),
  continueFrom: z.strictObject({ sessionId: z.string().min(1).max(64), seq: z.number().int().min(1) }).optional(),
});
export type CreateSessionBody = z.input<typeof CreateSessionBodySchema>;

export const CreateSessionResponseSchema = z.object({
  ok: z.literal(true),
  sessionId: z.string(),
  joinCode: z.string(),
  joinUrl: z.string(),
  hostToken: z.string(),
  replayUrl: z.string(),
  config: EngineConfigSchema,
});
export type CreateSessionResponse = z.infer<typeof CreateSessionResponseSchema>;

/** Largest JSON body of the small endpoints (session summaries); creating a session has its own cap below. */
export const MAX_HTTP_BODY_BYTES = 16 * 1024;

/**
 * POST /api/sessions may carry the class's own data: up to 1,000 rows of three numbers, each up to ~25 characters at
 * full double precision, is about 80 KB of JSON. Still small enough to buffer and validate on the event loop.
 */
export const MAX_CREATE_SESSION_BODY_BYTES = 128 * 1024;

/** Largest session log accepted by import (a 300-step, 50-round, 200-student lesson is a few MB). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export * from "./error-response";
export * from "./session-list";
