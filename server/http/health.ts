import type { ServerResponse } from "node:http";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import { SERVER_VERSION } from "../version";
import { sendJson } from "./json";

export type HealthDeps = {
  databaseMode: "embedded" | "postgres";
  pingDatabase: () => Promise<boolean>;
  startedAt: number;
};

/** GET /api/health: 200 when the database answered, 503 when it did not. */
export async function handleHealth(res: ServerResponse, deps: HealthDeps): Promise<void> {
  const databaseOk = await deps.pingDatabase().catch(() => false);
  sendJson(res, databaseOk ? 200 : 503, {
    status: databaseOk ? "ok" : "unavailable",
    version: SERVER_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    database: { mode: deps.databaseMode, ok: databaseOk },
    uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
  });
}
