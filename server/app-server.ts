import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { openDatabase, type Database } from "@/lib/db/database";
import { ErrorCode } from "@/lib/protocol";
import type { ServerConfig } from "./config";
import { ApiRouter } from "./http/api-router";
import { handleHealth } from "./http/health";
import { sendError } from "./http/json";
import { applySecurityHeaders, STATIC_SECURITY_HEADERS } from "./http/security-headers";
import { writeRefusal } from "./http/write-guard";
import { InFlight } from "./in-flight";
import { DEFAULT_LIMITS, type Limits } from "./limits";
import type { Logger } from "./logger";
import { EventStore } from "@/lib/db/event-store";
import { GroupCommitLog } from "@/lib/db/group-commit";
import { attachSocketServer } from "./realtime/socket-server";
import { originGuard } from "./realtime/origin-guard";
import { sessionHandlers } from "./realtime/session-handlers";
import { withCommandGuard } from "./realtime/command-router";
import { LiveGuard } from "./realtime/live-guard";
import { handleCreateSession } from "./http/sessions-api";
import { ScoringPool } from "./scoring/scoring-pool";
import { SessionHub } from "./sessions/session-hub";
import { SessionArchive } from "./sessions/session-archive";
import { warmUpViews } from "./sessions/view-warm-up";
import { registerReplayRoutes } from "./http/replays-api";
import { randomBytes } from "node:crypto";
import { createAdapter } from "@socket.io/redis-adapter";
import { SessionLeases } from "@/lib/db/session-leases";
import { ClusterNode } from "./cluster/cluster-node";
import { openRedis, redactRedisUrl, type RedisConnections } from "./cluster/redis-connections";
import { memoryLimitStore } from "./realtime/memory-limits";
import { redisLimitStore } from "./realtime/redis-limits";
import { playerRoomName, sessionRoomName } from "./realtime/socket-rooms";
import type { RealtimeServer } from "./realtime/socket-server";
import type { SocketFanout } from "./sessions/session-room";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export type StartOptions = Pick<
  ServerConfig,
  "port" | "host" | "databaseUrl" | "dataDir" | "dev" | "publicUrl" | "maxPlayers" | "retentionDays"
> &
  Partial<Pick<ServerConfig, "trustProxy" | "allowedOrigins" | "redisUrl" | "nodeId">> & {
  log: Logger;
  /** Overrides of DEFAULT_LIMITS (tests tighten them). */
  limits?: Partial<Limits>;
  /** Serve pages with Next (default true). API-only tests can skip it. */
  pages?: boolean;
};

export type RunningServer = {
  url: string;
  port: number;
  database: Database;
  nodeId: string;
  close(): Promise<void>;
};

/** Starts everything on one port: database (migrated), Next pages, /api routes and Socket.IO. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { log } = options;
  // Wired into the hub, the socket guards and the import route by the pieces that enforce them.
  const settings = {
    limits: { ...DEFAULT_LIMITS, ...options.limits } satisfies Limits,
    trustProxy: options.trustProxy ?? 0,
    allowedOrigins: options.allowedOrigins ?? [],
    publicUrl: options.publicUrl,
  };
  const startedAt = Date.now();
  if (options.redisUrl && !options.databaseUrl)
    throw new Error("REDIS_URL (cluster mode) needs DATABASE_URL=postgresql://…: the embedded database belongs to one process");
  const nodeId = options.nodeId ?? randomBytes(4).toString("hex");
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, log });
  let redis: RedisConnections | undefined;
  if (options.redisUrl) {
    try {
      redis = await openRedis(options.redisUrl, nodeId, log);
    } catch (error) {
      await database.close();
      throw error;
    }
    log.info("cluster mode", { node: nodeId, redis: redactRedisUrl(options.redisUrl) });
  }
  const inFlight = new InFlight();

  let nextHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  try {
    if (options.pages !== false) {
      const app = next({ dev: options.dev, dir: PROJECT_DIR, hostname: options.host, port: options.port });
      await app.prepare();
      nextHandler = app.getRequestHandler();
    }
  } catch (error) {
    await redis?.close();
    await database.close();
    throw error;
  }

  // Kicks and deletions reach every screen of a session, on whichever node it is connected (one process: local rooms).
  // The Socket.IO server comes later (it needs the hub); the fanout reaches it through this holder.
  const realtimeServer: { io?: RealtimeServer } = {};
  const fanout: SocketFanout = {
    kick: (sessionId, playerId, message) => realtimeServer.io?.to(playerRoomName(sessionId, playerId)).emit("player:kicked", { message }),
    sessionDeleted: (sessionId, message) => {
      realtimeServer.io?.to(sessionRoomName(sessionId)).emit("session:deleted", { message });
      if (redis) realtimeServer.io?.serverSideEmit("session:drop", sessionId, message);
    },
  };

  const scoring = new ScoringPool(log);
  scoring.warmUp();
  const store = new EventStore(database.prisma);
  // Live rooms append through the group committer: every session's pending batch goes in one statement. One group in
  // flight on both databases: the embedded one runs one statement at a time, and on PostgreSQL a second group in
  // flight measured worse (bench/group-commit.ts: smaller groups, more commits for the same cores).
  const appends = new GroupCommitLog(store);
  const hub = new SessionHub({
    store: appends,
    log,
    scoring,
    publicUrl: options.publicUrl,
    maxPlayers: options.maxPlayers,
    guessesPerRound: settings.limits.guessesPerRound,
    fanout,
  });
  const cluster = redis ? new ClusterNode(nodeId, { redis, leases: new SessionLeases(database.prisma), store, log }) : undefined;
  if (cluster) {
    hub.setCluster(cluster);
    await cluster.start(hub);
  }
  const limitStore = redis ? redisLimitStore(redis.commands, { keyPrefix: "bpl:rl", log: log.child({ part: "limits" }) }) : memoryLimitStore;
  const archive = new SessionArchive(store, hub, log, { limits: settings.limits, maxPlayers: options.maxPlayers });
  archive.warmUp();
  // Before the first connection: the first reveal of a fresh process would otherwise wait while V8 compiles its views.
  log.debug("view code warmed up", { ms: Math.round(warmUpViews()) });
  let retention: NodeJS.Timeout | undefined;
  if (options.retentionDays !== undefined) {
    const days = options.retentionDays;
    await archive.purgeOlderThan(days);
    retention = setInterval(() => void archive.purgeOlderThan(days).catch((error: unknown) => log.error("retention purge failed", { error })), 6 * 3_600_000);
    retention.unref();
  }
  const resumed = await hub.resumeTimers();
  if (resumed > 0) log.info("resumed round timers", { sessions: resumed });

  const api = new ApiRouter(log)
    .on("GET", "/api/health", async (_req, res) =>
      handleHealth(res, {
        databaseMode: database.mode,
        pingDatabase: () => database.ping(),
        startedAt,
        nodeId,
        pingRedis: redis ? () => redis.ping() : undefined,
        draining: () => closing,
      }),
    )
    .on("POST", "/api/sessions", (req, res) => handleCreateSession(req, res, hub));
  registerReplayRoutes(api, archive, { ...settings, limitStore });

  let closing = false;
  const httpServer = createServer((req, res) => {
    if (closing) res.setHeader("connection", "close");
    applySecurityHeaders(req, res, { dev: options.dev, trustProxy: settings.trustProxy });
    const refused = writeRefusal(req, settings);
    if (refused) {
      if (refused.origin) log.warn("write refused: foreign origin", { method: req.method, url: req.url, origin: refused.origin.slice(0, 200) });
      // Drain what the client sends so the 403/415 reaches it instead of a reset connection.
      req.resume();
      return sendError(res, refused.error.status, refused.error.code, refused.error.message);
    }
    const work = (async () => {
      if (await api.handle(req, res)) return;
      if (nextHandler) return nextHandler(req, res);
      sendError(res, 404, ErrorCode.NOT_FOUND, "Pages are not served by this instance");
    })().catch((error: unknown) => {
      log.error("request failed", { url: req.url, error });
      if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL, "Internal error");
    });
    // A request is finished when its response is, even if a handler's promise lingers after the client went away
    // (Next's streaming handler can), so shutdown waits only for responses still being written.
    inFlight.track(Promise.race([work, new Promise<void>((resolve) => res.once("close", () => resolve()))]));
  });

  const guard = new LiveGuard(settings.limits, settings.trustProxy, log, limitStore);
  const realtime = sessionHandlers(hub, guard);
  const io = attachSocketServer(httpServer, withCommandGuard(realtime.handlers, guard), {
    log,
    inFlight,
    onDisconnect: realtime.onDisconnect,
    middlewares: [guard.connectionGuard],
    allowRequest: originGuard(settings, log),
    adapter: redis ? createAdapter(redis.adapterPub, redis.adapterSub, { key: "bpl-io", requestsTimeout: 2000 }) : undefined,
  });
  realtimeServer.io = io;
  // Another node deleted a session: drop this node's copy (its screens were told through the adapter).
  io.on("session:drop", (sessionId, message) => void hub.dropDeleted(sessionId, message));
  // Socket.IO answers its polling requests itself, outside the handler above.
  io.engine.on("headers", (headers: Record<string, string>) => Object.assign(headers, STATIC_SECURITY_HEADERS));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;
  const url = `http://${shownHost}:${port}`;
  log.info("listening", { url, node: nodeId, cluster: Boolean(redis), database: database.mode, mode: options.dev ? "development" : "production" });

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      closing = true;
      cluster?.beginDrain();
      clearInterval(retention);
      log.info("shutting down", { inFlight: inFlight.size });
      // Stop accepting first, then let acknowledged work finish before the database goes away.
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      io.disconnectSockets(true);
      await io.close().catch(() => undefined);
      const drained = await inFlight.drain(10_000);
      if (!drained) log.warn("shutdown timed out waiting for in-flight work", { inFlight: inFlight.size });
      httpServer.closeAllConnections();
      await stopped;
      await hub.close();
      // Rooms are closed, so nothing new is queued; what is queued is written before the leases and the database go.
      await appends.close();
      // Leases go back only once this node's queues are empty: the next owner reads every batch from the log.
      await cluster?.stop();
      await redis?.close();
      await scoring.close();
      await archive.close();
      await database.close();
      log.info("stopped");
    })());

  return { url, port, database, nodeId, close };
}
