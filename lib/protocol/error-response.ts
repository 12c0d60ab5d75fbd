import { z } from "zod";
import type { ConfigIssue } from "@/lib/engine";
import { ErrorCode } from "./error-codes";

// Its own module without runtime imports from lib/engine, so the landing page can read error bodies without the engine.

/** One problem with a request body: where (keys from the body's root, array indices as numbers) and what, in plain words. */
export const BodyIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number().int().min(0)])),
  message: z.string(),
});
export type BodyIssue = z.infer<typeof BodyIssueSchema>;

/**
 * Every HTTP error body: the stable code clients switch on and a human message. A body that fails validation
 * (POST /api/sessions with a bad config or rules) also lists each problem as data, so a form can put it next to its
 * field without reading the message.
 */
export const ErrorResponseSchema = z.object({
  ok: z.literal(false),
  code: z.enum(ErrorCode),
  message: z.string(),
  issues: z.array(BodyIssueSchema).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/** The issues of a zod error, their paths under `prefix` (where the validated value sits in the body). */
export function bodyIssuesFromZod(error: z.ZodError, prefix: readonly (string | number)[] = []): BodyIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((key) => (typeof key === "number" ? key : String(key)))],
    message: issue.message,
  }));
}

/** The engine's configuration issues as body issues under `prefix` (["config"] for POST /api/sessions). */
export function bodyIssuesFromConfig(issues: readonly ConfigIssue[], prefix: readonly (string | number)[] = []): BodyIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...(issue.keys ?? (issue.path === "" ? [] : [issue.path]))],
    message: issue.message,
  }));
}
