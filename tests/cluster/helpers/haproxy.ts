import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { statSync } from "node:fs";
import path from "node:path";
import { freePort } from "./cluster";

/** The configuration we ship: the test runs exactly this file, only addresses come from the environment. */
export const SHIPPED_HAPROXY_CONFIG = path.resolve(import.meta.dirname, "../../../deploy/haproxy.cfg");

/** haproxy on the PATH or in /usr/sbin (Debian's package; /usr/sbin is often not on a user's PATH). */
export function haproxyBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(":").filter(Boolean), "/usr/sbin", "/usr/local/sbin"];
  for (const dir of dirs) {
    const candidate = path.join(dir, "haproxy");
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function haproxySkipReason(): string | undefined {
  return haproxyBinary() ? undefined : "haproxy is not installed (apt-get install haproxy)";
}

/** One request as HAProxy's httplog line reports it: which back end and server took it. */
export type RoutedRequest = { backend: string; server: string; status: number; method: string; uri: string };

export type Balancer = {
  url: string;
  process: ChildProcess;
  output(): string;
  /** Every finished request logged so far (WebSockets are logged when their tunnel closes). */
  requests(): RoutedRequest[];
  /** How much it has printed so far: pass it to waitForLog to look only at what comes after. */
  mark(): number;
  /** Resolves once HAProxy logged that line (e.g. "Server pages/node1 is DOWN") after `from`; rejects after timeoutMs. */
  waitForLog(pattern: RegExp, timeoutMs: number, from?: number): Promise<string>;
  stop(): Promise<void>;
};

// e.g. `127.0.0.1:40000 [..] web socket_by_room/node2 0/0/0/1/1 200 123 - - ---- 1/1/0/0/0 0/0 "GET /socket.io/?… HTTP/1.1"`
const HTTPLOG = /\s(\S+)\/(\S+) -?\d+\/-?\d+\/-?\d+\/-?\d+\/\+?-?\d+ (\d{3}) .*"(\w+) (\S+) HTTP\/[\d.]+"/;

/** `haproxy -f deploy/haproxy.cfg -db` on a free port in front of the given node addresses (host:port). */
export async function startBalancer(nodeAddresses: readonly string[]): Promise<Balancer> {
  const binary = haproxyBinary();
  if (!binary) throw new Error("haproxy is not installed");
  const port = await freePort();
  const env: Record<string, string> = { LB_BIND: `127.0.0.1:${port}` };
  nodeAddresses.forEach((address, i) => (env[`NODE${i + 1}_ADDR`] = address));
  const child = spawn(binary, ["-f", SHIPPED_HAPROXY_CONFIG, "-db"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiters) check();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const url = `http://127.0.0.1:${port}`;

  const balancer: Balancer = {
    url,
    process: child,
    output: () => output,
    requests: () =>
      output.split("\n").flatMap((line) => {
        const m = HTTPLOG.exec(line);
        return m ? [{ backend: m[1], server: m[2], status: Number(m[3]), method: m[4], uri: m[5] }] : [];
      }),
    mark: () => output.length,
    waitForLog: (pattern, timeoutMs, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output.slice(from));
          if (!match) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match[0]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`haproxy never logged ${pattern} in ${timeoutMs} ms:\n${output.slice(-4000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };

  // Ready once it answers through every server: round robin over /api/health, one 200 per node in a row.
  const deadline = Date.now() + 20_000;
  let inARow = 0;
  while (inARow < nodeAddresses.length) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      await balancer.stop();
      throw new Error(`haproxy did not become ready:\n${output}`);
    }
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    inARow = ok ? inARow + 1 : 0;
    if (!ok) await new Promise((r) => setTimeout(r, 200));
  }
  return balancer;
}
