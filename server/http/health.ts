import type { ServerResponse } from "node:http";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import { SERVER_VERSION } from "../version";
import { sendJson } from "./json";

export type HealthDeps = {
  databaseMode: "embedded" | "postgres";
  pingDatabase: () => Promise<boolean>;
  startedAt: number;
  nodeId: string;
  /** Cluster mode: whether Redis answers. Undefined on a single node. */
  pingRedis?: () => Promise<boolean>;
  /** SIGTERM received: the node finishes its work and must get no new connections. */
  draining: () => boolean;
};

/**
 * GET /api/health: 200 when the database (and, in a cluster, Redis) answered; 503 when either did not, or while the
 * node drains, so a load balancer sends new connections elsewhere.
 */
export async function handleHealth(res: ServerResponse, deps: HealthDeps): Promise<void> {
  const [databaseOk, redisOk] = await Promise.all([
    deps.pingDatabase().catch(() => false),
    deps.pingRedis ? deps.pingRedis().catch(() => false) : Promise.resolve(null),
  ]);
  const draining = deps.draining();
  const healthy = databaseOk && redisOk !== false && !draining;
  sendJson(res, healthy ? 200 : 503, {
    status: draining ? "draining" : healthy ? "ok" : "unavailable",
    version: SERVER_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    database: { mode: deps.databaseMode, ok: databaseOk },
    cluster: { mode: deps.pingRedis ? "cluster" : "single", nodeId: deps.nodeId, redis: redisOk === null ? null : { ok: redisOk } },
    uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
  });
}
