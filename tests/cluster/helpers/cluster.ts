import { spawn, type ChildProcess } from "node:child_process";
import { statSync } from "node:fs";
import { once } from "node:events";
import net from "node:net";
import { spawnServer, type ChildServer } from "../../helpers/child-server";

/** A free TCP port on 127.0.0.1 (closed again before it is returned, so a child process can bind it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** redis-server on the PATH (CI has it); undefined when absent, with the reason to print. */
export function redisServerSkipReason(): string | undefined {
  const found = spawnSyncWhich("redis-server");
  return found ? undefined : "redis-server is not installed (apt-get install redis-server)";
}

function spawnSyncWhich(binary: string): boolean {
  const paths = (process.env.PATH ?? "").split(":");
  return paths.some((dir) => {
    try {
      return statSync(`${dir}/${binary}`).isFile();
    } catch {
      return false;
    }
  });
}

export type PrivateRedis = {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, no persistence); `start()` brings it back on the same port, empty. */
  stop(): Promise<void>;
  start(): Promise<void>;
};

/** A redis-server of the test's own on a free port, so stopping it never touches the machine's shared one. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
      child!.stdout!.on("data", () => {
        if (/Ready to accept connections/i.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child!.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    running.kill("SIGKILL");
    await once(running, "exit");
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

export type ClusterNode = ChildServer & {
  id: string;
  /** Starts this node again (same id, same port) after it stopped or was killed. */
  restart(): Promise<void>;
};

/** One cluster node: the real server (server/index.ts, sockets and /api only) in its own process. */
export async function spawnNode(options: {
  id: string;
  databaseUrl: string;
  redisUrl: string;
  env?: Record<string, string | undefined>;
  port?: number;
}): Promise<ClusterNode> {
  const port = options.port ?? (await freePort());
  const env = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    NODE_ID: options.id,
    PORT: String(port),
    ...options.env,
  };
  let current = await spawnServer(env, 90_000, ["--api-only"]);
  const node: ClusterNode = {
    id: options.id,
    get url() {
      return current.url;
    },
    get process() {
      return current.process;
    },
    output: () => current.output(),
    stop: (signal) => current.stop(signal),
    async restart() {
      current = await spawnServer(env, 90_000, ["--api-only"]);
    },
  };
  return node;
}

/** Several nodes on one database and Redis, started in parallel. */
export async function startCluster(options: {
  ids: readonly string[];
  databaseUrl: string;
  redisUrl: string;
  env?: Record<string, string | undefined>;
}): Promise<ClusterNode[]> {
  // The first node migrates the database; the others start once it is ready, so they never race on migrations.
  const first = await spawnNode({ ...options, id: options.ids[0] });
  const rest = await Promise.all(options.ids.slice(1).map((id) => spawnNode({ ...options, id })));
  return [first, ...rest];
}

/** Stops every node still running (SIGKILL after 15 s of a graceful stop). */
export async function stopAll(nodes: readonly ClusterNode[]): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      if (node.process.exitCode !== null || node.process.signalCode !== null) return;
      const timer = setTimeout(() => node.process.kill("SIGKILL"), 15_000);
      await node.stop("SIGTERM");
      clearTimeout(timer);
    }),
  );
}
