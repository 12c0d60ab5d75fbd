import type { IncomingMessage, ServerResponse } from "node:http";
import { describeZodError, ErrorCode, MAX_IMPORT_BYTES, MAX_HTTP_BODY_BYTES, SessionSummariesBodySchema } from "@/lib/protocol";
import { SessionLogFileSchema } from "@/lib/session";
import type { SessionArchive } from "../sessions/session-archive";
import type { ApiRouter } from "./api-router";
import { HttpError, readJsonBody, sendCompressed, sendJson } from "./json";

function bearer(req: IncomingMessage): string {
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,128})$/.exec(String(req.headers.authorization ?? ""));
  if (!match) throw new HttpError(401, ErrorCode.NOT_HOST, "Send the host token as: Authorization: Bearer <token>");
  return match[1];
}

const download = (name: string, type: string) => ({
  "content-type": type,
  "content-disposition": `attachment; filename="${name}"`,
  "cache-control": "no-store",
});

/** Replay, export, import, summaries and deletion routes. */
export function registerReplayRoutes(api: ApiRouter, archive: SessionArchive): void {
  api
    .on("GET", "/api/replays/:id", async (req, res: ServerResponse, { id }) => {
      const log = await archive.logBody(id);
      await sendCompressed(req, res, 200, log.json, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }, log.gzip);
    })
    .on("GET", "/api/replays/:id/log.json", async (req, res, { id }) => {
      const log = await archive.logBody(id);
      await sendCompressed(req, res, 200, log.json, download(`backprop-live-${log.joinCode}.json`, "application/json; charset=utf-8"), log.gzip);
    })
    .on("GET", "/api/replays/:id/results.csv", async (req, res, { id }) => {
      const { csv, joinCode } = await archive.csv(id);
      await sendCompressed(req, res, 200, csv, download(`backprop-live-${joinCode}-results.csv`, "text/csv; charset=utf-8"));
    })
    .on("POST", "/api/replays", async (req, res) => {
      const parsed = SessionLogFileSchema.safeParse(await readJsonBody(req, MAX_IMPORT_BYTES));
      if (!parsed.success) throw new HttpError(400, ErrorCode.INVALID_PAYLOAD, `Not a Backprop Live session export: ${describeZodError(parsed.error)}`);
      sendJson(res, 201, await archive.import(parsed.data, req.headers));
    })
    .on("POST", "/api/sessions/summaries", async (req, res) => {
      const parsed = SessionSummariesBodySchema.safeParse(await readJsonBody(req, MAX_HTTP_BODY_BYTES));
      if (!parsed.success) throw new HttpError(400, ErrorCode.INVALID_PAYLOAD, describeZodError(parsed.error));
      sendJson(res, 200, { ok: true, sessions: await archive.summaries(parsed.data.ids) });
    })
    .on("DELETE", "/api/sessions/:id", async (req, res, { id }) => {
      await archive.delete(id, bearer(req));
      res.writeHead(204).end();
    });
}
