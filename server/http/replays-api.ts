import type { IncomingMessage, ServerResponse } from "node:http";
import { describeZodError, ErrorCode, MAX_HTTP_BODY_BYTES, SessionSummariesBodySchema } from "@/lib/protocol";
import { readBodyBytes } from "../archive/read-body";
import type { Limits } from "../limits";
import { memoryLimitStore, type RateLimitStore } from "../realtime/memory-limits";
import type { SessionArchive } from "../sessions/session-archive";
import type { ApiRouter } from "./api-router";
import { clientAddress } from "./client-address";
import { HttpError, readJsonBody, sendCompressed, sendError, sendJson } from "./json";

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{20,128})$/;

function bearer(req: IncomingMessage): string {
  const token = optionalBearer(req);
  if (!token) throw new HttpError(401, ErrorCode.NOT_HOST, "Send the host token as: Authorization: Bearer <token>");
  return token;
}

/** The host token when the request carries one (the console's replay and exports of a live session). */
function optionalBearer(req: IncomingMessage): string | null {
  return BEARER.exec(String(req.headers.authorization ?? ""))?.[1] ?? null;
}

const download = (name: string, type: string) => ({
  "content-type": type,
  "content-disposition": `attachment; filename="${name}"`,
  "cache-control": "no-store",
});

export type ReplayRouteSettings = {
  limits: Pick<Limits, "importMaxBytes" | "importsPerAddressPerHour">;
  trustProxy: number;
  /** Where the import limit counts: this process by default, Redis across a cluster. */
  limitStore?: RateLimitStore;
};

/** Replay, export, import, summaries and deletion routes. */
export function registerReplayRoutes(api: ApiRouter, archive: SessionArchive, settings: ReplayRouteSettings): void {
  // Each import costs a worker up to its time budget: a few per hour per address is plenty for a teacher.
  const importLimiter = (settings.limitStore ?? memoryLimitStore).limit("imports", settings.limits.importsPerAddressPerHour, 3600);
  api
    .on("GET", "/api/replays/:id", async (req, res: ServerResponse, { id }) => {
      const log = await archive.logBody(id, optionalBearer(req));
      await sendCompressed(req, res, 200, log.json, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }, log.gzip);
    })
    .on("GET", "/api/replays/:id/log.json", async (req, res, { id }) => {
      const log = await archive.logBody(id, optionalBearer(req));
      await sendCompressed(req, res, 200, log.json, download(`backprop-live-${log.joinCode}.json`, "application/json; charset=utf-8"), log.gzip);
    })
    .on("GET", "/api/replays/:id/results.csv", async (req, res, { id }) => {
      const { csv, joinCode } = await archive.csv(id, optionalBearer(req));
      await sendCompressed(req, res, 200, csv, download(`backprop-live-${joinCode}-results.csv`, "text/csv; charset=utf-8"));
    })
    .on("POST", "/api/replays", async (req, res) => {
      const address = clientAddress(req.headers, req.socket.remoteAddress, settings.trustProxy);
      const { allowed, msBeforeNext } = await importLimiter.decide(address);
      if (!allowed) {
        req.resume();
        res.setHeader("retry-after", String(Math.max(1, Math.ceil(msBeforeNext / 1000))));
        return sendError(res, 429, ErrorCode.RATE_LIMITED, `Too many imports from this address; try again in ${Math.ceil(msBeforeNext / 60_000)} min`);
      }
      const body = await readBodyBytes(req, settings.limits.importMaxBytes);
      sendJson(res, 201, await archive.import(body, req.headers));
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
