import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { EngineConfigError } from "@/lib/engine";
import { bodyIssuesFromConfig, bodyIssuesFromZod, CreateSessionBodySchema, describeZodError, ErrorCode, MAX_CREATE_SESSION_BODY_BYTES } from "@/lib/protocol";
import type { SessionHub } from "../sessions/session-hub";
import { readJsonBody, sendError, sendJson } from "./json";

/** POST /api/sessions — create a session; answers with the host token (shown once) and the join code and URL. */
export async function handleCreateSession(req: IncomingMessage, res: ServerResponse, hub: SessionHub): Promise<void> {
  const parsed = CreateSessionBodySchema.safeParse(await readJsonBody(req, MAX_CREATE_SESSION_BODY_BYTES));
  if (!parsed.success) return sendError(res, 400, ErrorCode.INVALID_PAYLOAD, describeZodError(parsed.error), bodyIssuesFromZod(parsed.error));
  try {
    sendJson(res, 201, await hub.create(parsed.data, req.headers));
  } catch (error) {
    // A continued session's configuration comes from its source, not from this body: no path into the body then.
    const configPath = parsed.data.continueFrom ? [] : ["config"];
    if (error instanceof EngineConfigError)
      return sendError(res, 400, ErrorCode.INVALID_PAYLOAD, error.message, bodyIssuesFromConfig(error.issues, configPath));
    if (error instanceof z.ZodError) return sendError(res, 400, ErrorCode.INVALID_PAYLOAD, describeZodError(error), bodyIssuesFromZod(error));
    throw error;
  }
}
