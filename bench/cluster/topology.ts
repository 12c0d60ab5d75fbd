/**
 * The servers of one measured topology, on a scratch PostgreSQL database of their own: a cluster (private
 * redis-server on a free port + N nodes, `server/index.ts --api-only` with DATABASE_URL, REDIS_URL, NODE_ID, PORT), or
 * one single-mode node (no Redis) as the reference. Everything is registered with bench/load/children.ts, so it is
 * stopped and dropped on every way out.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startPrivateRedis } from "../../tests/cluster/helpers/cluster";
import { registerCleanup, registerTempDir, removeTempDir, spawnTsChild, type Child } from "../load/children";
import { createScratchDatabase } from "../load/scratch-database";
import { serverEnv } from "../load/server-env";
import { SERVER_NODE_FLAGS } from "../../scripts/server-node-flags.mjs";

export type Node = { id: string; child: Child; url: string };

export type Topology = {
  label: string;
  nodes: Node[];
  /** Where clients connect: one URL per node (with --same-url, one server's URL N times). */
  urls: string[];
  databaseUrl: string;
  /** kill -9 of node i; resolves once it exited. */
  kill(i: number): Promise<void>;
  stop(): Promise<void>;
};

const NODE_IDS = ["node-a", "node-b", "node-c", "node-d", "node-e", "node-f", "node-g", "node-h"];

/** The server environment: limits lifted for `phones` simulated phones that all share 127.0.0.1 (as bench:load). */
function nodeEnv(phones: number, dataDir: string, databaseUrl: string): Record<string, string | undefined> {
  // Twice the phones: every phone of a killed node connects (and resumes) a second time within seconds.
  const env = serverEnv(2 * phones, { logLevel: "info" }, dataDir, databaseUrl);
  env.COMMANDS_PER_ADDRESS_PER_SECOND = String(Math.max(2000, 4 * phones));
  return env;
}

async function startNodes(ids: readonly string[], env: Record<string, string | undefined>, redisUrl: string | undefined): Promise<Node[]> {
  const start = async (id: string): Promise<Node> => {
    const port = await freePort();
    const nodeEnvironment = { ...env, PORT: String(port), NODE_ID: id, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) };
    const child = await spawnTsChild(id, "server/index.ts", nodeEnvironment, { timeoutMs: 120_000, args: ["--api-only"], nodeArgs: SERVER_NODE_FLAGS });
    return { id, child, url: child.url };
  };
  // The first node migrates the scratch database; the others start once it is ready, so they never race on it.
  const first = await start(ids[0]);
  return [first, ...(await Promise.all(ids.slice(1).map(start)))];
}

export async function startTopology(kind: "cluster" | "single" | "same-url", count: number, phones: number, baseDatabaseUrl: string): Promise<Topology> {
  const scratch = await createScratchDatabase(baseDatabaseUrl);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-cluster-"));
  registerTempDir(dataDir);
  const env = nodeEnv(phones, dataDir, scratch.url);
  let stopRedis: (() => Promise<void>) | undefined;
  const nodes: Node[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.child.stop("SIGTERM", 15_000)));
    await stopRedis?.();
    removeTempDir(dataDir);
    await scratch.drop();
  };
  try {
    let redisUrl: string | undefined;
    if (kind === "cluster") {
      const redis = await startPrivateRedis();
      const unregister = registerCleanup(redis.stop);
      stopRedis = async () => {
        await redis.stop();
        unregister();
      };
      redisUrl = redis.url;
    }
    nodes.push(...(await startNodes(NODE_IDS.slice(0, kind === "cluster" ? count : 1), env, redisUrl)));
  } catch (error) {
    await stop();
    throw error;
  }
  const label = kind === "cluster" ? `cluster of ${count}` : kind === "single" ? "single node" : `1 server as ${count} "nodes"`;
  return {
    label,
    nodes,
    urls: kind === "cluster" ? nodes.map((n) => n.url) : Array.from({ length: count }, () => nodes[0].url),
    databaseUrl: scratch.url,
    async kill(i) {
      await nodes[i].child.stop("SIGKILL");
    },
    stop,
  };
}
