import { z } from "zod";
import { hostSession } from "@/app/_lib/stored-credentials";
import { ErrorCode, ErrorResponseSchema, type ErrorResponse } from "@/lib/protocol";
import { EXPORT_FORMAT, EXPORT_VERSION, type SessionLogFile } from "@/lib/session";
import { ReplayFold } from "./replay-fold";
import { replayUrl } from "./replay-url";
import { buildTimeline, type Timeline } from "./timeline";
import { errorMessage } from "@/lib/protocol";

export type LoadedReplay = { file: SessionLogFile; timeline: Timeline; fold: ReplayFold };
export type ReplayLoad =
  | { status: "loading" }
  | { status: "not-found" }
  | { status: "error"; message: string; retry: boolean }
  | ({ status: "ready" } & LoadedReplay);

/**
 * Only the envelope is checked here. Validating all of a big log's events up front (10,000 for a 200-student lesson)
 * costs ~100 ms on a cold page, a tenth of the 1 s opening budget, so ReplayFold validates each event just before it
 * folds it, in the background.
 */
const EnvelopeSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  session: z.object({ id: z.string(), joinCode: z.string(), createdAt: z.number() }),
  // Not z.array(z.unknown()): even that visits all ten thousand events of a big log.
  events: z.custom<unknown[]>((v) => Array.isArray(v) && v.length > 0, "a session log has at least one event"),
  // The server's own recomputation: the authority for logs recorded before deterministic math.
  verification: z
    .object({ checks: z.number().int(), issues: z.array(z.object({ seq: z.number().int(), expected: z.string(), actual: z.string() })) })
    .optional(),
});

/** The server's error body, when the answer is one (a proxy's error page is not). */
function serverError(body: unknown): ErrorResponse | null {
  const parsed = ErrorResponseSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** Fetches a session log, reads its timeline and folds its first frame. Never throws: every outcome is a ReplayLoad. */
export async function loadReplay(sessionId: string): Promise<ReplayLoad> {
  let response: Response;
  try {
    // Same URL and credentials mode as the <link rel=preload> the page emits, so the browser reuses that download.
    response = await fetch(replayUrl(sessionId));
  } catch {
    return { status: "error", message: "Could not reach the server. Check the connection and try again.", retry: true };
  }
  let body: unknown = await response.json().catch(() => null);
  // Until a session ends its log is its host's: this browser asks again with the host key if it has one. (Not on the
  // first request, which must match the page's preload so an ended session's log is downloaded only once.)
  const host = response.status === 403 && serverError(body)?.code === ErrorCode.NOT_PUBLIC_YET ? hostSession(sessionId) : null;
  if (host) {
    try {
      response = await fetch(replayUrl(sessionId), { headers: { authorization: `Bearer ${host.hostToken}` } });
    } catch {
      return { status: "error", message: "Could not reach the server. Check the connection and try again.", retry: true };
    }
    body = await response.json().catch(() => null);
  }
  if (response.status === 404) return { status: "not-found" };
  if (!response.ok)
    return {
      status: "error",
      message: serverError(body)?.message ?? `The server answered with status ${response.status}.`,
      // A live session's replay opens when it ends: trying again later can work.
      retry: response.status >= 500 || serverError(body)?.code === ErrorCode.NOT_PUBLIC_YET,
    };
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) return { status: "error", message: "The server sent something that is not a session log.", retry: false };
  // The events are checked one by one as they are folded (see above); the timeline only reads their types.
  const file = envelope.data as SessionLogFile;
  try {
    const timeline = buildTimeline(file.events);
    const fold = new ReplayFold(file.events, timeline.frames);
    fold.foldFirstFrame();
    return { status: "ready", file, timeline, fold };
  } catch (error) {
    return { status: "error", message: `This log cannot be replayed: ${errorMessage(error)}`, retry: false };
  }
}
