/**
 * Load benchmark: `npm run bench:load` (tsx bench/load.ts). `--help` lists the flags.
 *
 * For each phone count (default 500, then 1,000) it:
 *  1. starts the real server (server/index.ts) as a child process on 127.0.0.1 and a free port, with a fresh temporary
 *     DATA_DIR (embedded PostgreSQL) or the DATABASE_URL given by --database; creates a session over HTTP, attaches a
 *     host socket and connects N phones (one socket.io-client connection each, websocket only, ramped in batches),
 *     each joining with its own nickname;
 *  2. opens a round; every phone submits a seeded α in [1e-3, 5] at a seeded moment spread uniformly over one second;
 *     each acknowledgement is timed from send to ack;
 *  3. closes and reveals: reveal delivery is timed from the host sending round:reveal to each phone receiving a
 *     player:view whose reveal.round is the round;
 *  4. steps the network (policy median): delivery is timed until each phone sees network.step go up;
 *  5. checks that every acknowledged guess (the last one per phone) is in the host's results, then stops the server
 *     with SIGTERM, starts it again on the same data and checks the results once more, read back from the database;
 *  6. runs a bare Socket.IO server (bench/load-bare-server.ts, also a child process) with the same number of clients
 *     as a reference: ack latency for N messages in one second, then one ~2 KB push to all (encoded once, io.emit) and
 *     one ~2 KB object per client (encoded per client, like the real server's per-player views).
 * All timestamps are taken in this process with performance.now(). Prints a table and PASS/FAIL lines for the targets;
 * exits 1 when a target fails, 2 when the bench itself could not run. Child processes and temporary directories are
 * removed on every way out (including Ctrl-C); every wait is bounded and the whole run has a deadline (--max-seconds).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { io, type Socket } from "socket.io-client";
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type CreateSessionResponse,
  type HostView,
  type ServerToClientEvents,
  type StudentView,
} from "@/lib/protocol";
import {
  cleanupAll,
  cleanupSync,
  describeStats,
  logUniform,
  machineBusyMs,
  ms,
  processCpuMs,
  processRssMb,
  registerTempDir,
  removeTempDir,
  seededRandom,
  spawnTsChild,
  stats,
  table,
  withTimeout,
  type Child,
  type Stats,
} from "./load-util";
import { createScratchDatabase } from "./load-database";
import { prepareServerRoot, type PagesMode } from "./load-pages";
import { errorMessage } from "@/lib/protocol";

// ————————————————————————————————————————————————————————————————————————————————————————————————————————————————————
// Options

const HELP = `Usage: npm run bench:load -- [flags]

  --phones LIST        phone counts to run, comma-separated (default 500,1000)
  --runs R             repeat each phone count R times, each on a fresh server (default 1)
  --database D         "embedded" (default: fresh temporary DATA_DIR) or a postgresql:// URL on this machine;
                       each run then uses a scratch database bl_load_… created there and dropped afterwards
  --batch B            connections (and then joins) opened at once while ramping up (default 100)
  --window MS          guesses are spread uniformly over this many ms (default 1000)
  --reguess F          fraction of phones that change their guess once within the window (default 0)
  --k K                horizon of the round (default 1)
  --scenario S         session scenario (default one-weight)
  --seed S             seed for α values and send times (default 1)
  --ack-timeout MS     an acknowledgement later than this counts as an error (default 10000)
  --delivery-timeout MS  a view not delivered within this counts as missing (default 10000)
  --bytes N            size of the reference server's push (default 2048)
  --no-reference       skip the bare Socket.IO reference
  --pages P            where the server runs from: snapshot (default), project or auto; see bench/load-pages.ts
                       (snapshot = a copy of server/, lib/, prisma/ taken now, with placeholder pages built in a few
                       seconds, so the bench never rebuilds the repository's .next and edits made during the run
                       cannot change the server; project = the repository itself; auto = project when its build is
                       up to date)
  --log-level L        server LOG_LEVEL (default info: needed for its "listening url=" line; nothing is
                       logged at info per connection or command, so the hot path is as quiet as with warn)
  --max-seconds S      deadline for the whole bench (default 1800)
  --help`;

type Options = {
  phones: number[];
  runs: number;
  database: string;
  batch: number;
  windowMs: number;
  reguess: number;
  k: number;
  scenario: string;
  seed: number;
  ackTimeoutMs: number;
  deliveryTimeoutMs: number;
  bytes: number;
  reference: boolean;
  logLevel: string;
  maxSeconds: number;
  pages: PagesMode;
};

function positiveInt(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got ${value})`);
  return n;
}

class UsageError extends Error {}

/** Only this machine may be a target: refuse a database URL whose host is not loopback (or a unix socket). */
function checkLoopbackDatabase(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--database: not a URL: ${url.replace(/\/\/[^@/]*@/, "//***@")}`);
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) throw new UsageError(`--database must be "embedded" or a postgresql:// URL`);
  const host = decodeURIComponent(parsed.hostname).replace(/^\[|\]$/g, "");
  const socketHost = parsed.searchParams.get("host");
  const loopback = (h: string) => h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || h.startsWith("/");
  if (!(loopback(host) || (host === "" && socketHost !== null && loopback(socketHost))))
    throw new UsageError(`--database: only a PostgreSQL on this machine (127.0.0.1, localhost, ::1 or a unix socket) may be used`);
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      phones: { type: "string" },
      runs: { type: "string" },
      database: { type: "string" },
      batch: { type: "string" },
      window: { type: "string" },
      reguess: { type: "string" },
      k: { type: "string" },
      scenario: { type: "string" },
      seed: { type: "string" },
      "ack-timeout": { type: "string" },
      "delivery-timeout": { type: "string" },
      bytes: { type: "string" },
      "no-reference": { type: "boolean" },
      "log-level": { type: "string" },
      pages: { type: "string" },
      "max-seconds": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return null;
  const phones = (values.phones ?? "500,1000").split(",").map((p) => positiveInt("phones", p.trim(), 0));
  if (phones.some((n) => n > 5000)) throw new UsageError("--phones: at most 5000 per run");
  const database = values.database ?? "embedded";
  if (database !== "embedded") checkLoopbackDatabase(database);
  const reguess = values.reguess === undefined ? 0 : Number(values.reguess);
  if (!(reguess >= 0 && reguess <= 1)) throw new UsageError("--reguess must be between 0 and 1");
  const logLevel = values["log-level"] ?? "info";
  if (!["debug", "info"].includes(logLevel))
    throw new UsageError('--log-level: "info" or "debug" (the bench reads the server\'s info-level "listening" line)');
  const pages = (values.pages ?? "snapshot") as PagesMode;
  if (!["auto", "project", "snapshot"].includes(pages)) throw new UsageError("--pages: auto, project or snapshot");
  return {
    pages,
    phones,
    runs: positiveInt("runs", values.runs, 1),
    database,
    batch: positiveInt("batch", values.batch, 100),
    windowMs: positiveInt("window", values.window, 1000),
    reguess,
    k: positiveInt("k", values.k, 1),
    scenario: values.scenario ?? "one-weight",
    seed: positiveInt("seed", values.seed, 1, 0),
    ackTimeoutMs: positiveInt("ack-timeout", values["ack-timeout"], 10_000),
    deliveryTimeoutMs: positiveInt("delivery-timeout", values["delivery-timeout"], 10_000),
    bytes: positiveInt("bytes", values.bytes, 2048, 64),
    reference: !values["no-reference"],
    logLevel,
    maxSeconds: positiveInt("max-seconds", values["max-seconds"], 1800),
  };
}

// ————————————————————————————————————————————————————————————————————————————————————————————————————————————————————
// Small measurement tools

type PhoneSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type AckLike = { ok: boolean; code?: string; message?: string } & Record<string, unknown>;

/** Errors counted by kind, with a few examples kept for the report. */
class ErrorTally {
  readonly counts = new Map<string, number>();
  readonly examples: string[] = [];

  add(kind: string, example?: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    if (example && this.examples.length < 8) this.examples.push(`${kind}: ${example}`);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  summary(): string {
    return this.total === 0 ? "none" : [...this.counts].map(([k, n]) => `${k} ×${n}`).join(", ");
  }
}

/**
 * Times one push to many receivers: `start()` just before the trigger is sent, then `hit(i, now)` from each receiver's
 * handler when its message matches; resolves when all receivers were hit or the timeout passed.
 */
class DeliveryProbe<V> {
  private readonly times: Float64Array;
  private remaining: number;
  private sentAt = NaN;
  private done: (() => void) | undefined;

  constructor(
    readonly receivers: number,
    private readonly matches: (i: number, value: V) => boolean,
  ) {
    this.times = new Float64Array(receivers).fill(NaN);
    this.remaining = receivers;
  }

  start(): void {
    this.sentAt = performance.now();
  }

  offer(i: number, value: V, now: number): void {
    if (Number.isNaN(this.sentAt) || !Number.isNaN(this.times[i]) || !this.matches(i, value)) return;
    this.times[i] = now;
    if (--this.remaining === 0) this.done?.();
  }

  async wait(timeoutMs: number): Promise<void> {
    if (this.remaining === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.done = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  latencies(): number[] {
    return [...this.times].filter((t) => !Number.isNaN(t)).map((t) => t - this.sentAt);
  }

  get missing(): number {
    return this.remaining;
  }
}

/** Server CPU and this process's CPU and event-loop delay over one phase. */
class PhaseMeter {
  private readonly serverCpu0: number | undefined;
  private readonly machine0 = machineBusyMs();
  private readonly benchCpu0 = process.cpuUsage();
  private readonly wall0 = performance.now();
  private readonly loop = monitorEventLoopDelay({ resolution: 5 });

  constructor(private readonly serverPid: number | undefined) {
    this.serverCpu0 = processCpuMs(serverPid);
    this.loop.enable();
  }

  end(): { wallMs: number; serverCpuMs?: number; benchCpuMs: number; othersCpuMs?: number; benchLoopP99: number; benchLoopMax: number } {
    this.loop.disable();
    const cpu = process.cpuUsage(this.benchCpu0);
    const serverCpu1 = processCpuMs(this.serverPid);
    const machine1 = machineBusyMs();
    const serverCpuMs = serverCpu1 !== undefined && this.serverCpu0 !== undefined ? serverCpu1 - this.serverCpu0 : undefined;
    const benchCpuMs = (cpu.user + cpu.system) / 1000;
    const machineMs = machine1 !== undefined && this.machine0 !== undefined ? machine1 - this.machine0 : undefined;
    return {
      wallMs: performance.now() - this.wall0,
      serverCpuMs,
      othersCpuMs: machineMs !== undefined && serverCpuMs !== undefined ? Math.max(0, machineMs - serverCpuMs - benchCpuMs) : undefined,
      benchCpuMs,
      benchLoopP99: this.loop.percentile(99) / 1e6,
      benchLoopMax: this.loop.max / 1e6,
    };
  }
}
type Phase = ReturnType<PhaseMeter["end"]>;

function describePhase(p: Phase): string {
  const server = p.serverCpuMs === undefined ? "?" : `${ms(p.serverCpuMs)} ms (${((p.serverCpuMs / p.wallMs) * 100).toFixed(0)}% of a core)`;
  // /proc counts in 10 ms ticks: short phases are coarse.
  const others = p.othersCpuMs === undefined ? "?" : `${ms(p.othersCpuMs)} ms`;
  return (
    `wall ${ms(p.wallMs)} ms; server CPU ${server}; bench CPU ${ms(p.benchCpuMs)} ms ` +
    `(${((p.benchCpuMs / p.wallMs) * 100).toFixed(0)}%); rest of the machine ${others}; ` +
    `bench event-loop delay p99 ${ms(p.benchLoopP99)} / max ${ms(p.benchLoopMax)} ms`
  );
}

/** Seeded send times spread uniformly over the window, with an optional second send for some clients. */
type PlannedSend = { client: number; at: number; value: number; order: number };

function planSends(clients: number, options: Pick<Options, "seed" | "windowMs" | "reguess">, salt: number): PlannedSend[] {
  const random = seededRandom(options.seed * 1_000_003 + clients * 7 + salt);
  const sends: PlannedSend[] = [];
  for (let client = 0; client < clients; client++) {
    const at = random() * options.windowMs;
    sends.push({ client, at, value: logUniform(random, 1e-3, 5), order: 0 });
    if (random() < options.reguess) {
      const later = at + random() * (options.windowMs - at);
      sends.push({ client, at: later, value: logUniform(random, 1e-3, 5), order: 1 });
    }
  }
  return sends.sort((a, b) => a.at - b.at);
}

/** Fires each planned send at its moment (relative to now) and resolves when every send was made. Returns the slips. */
function runSchedule(sends: readonly PlannedSend[], fire: (send: PlannedSend) => void): Promise<number[]> {
  const t0 = performance.now();
  const slips: number[] = [];
  let next = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now() - t0;
      while (next < sends.length && sends[next].at <= now) {
        slips.push(performance.now() - t0 - sends[next].at);
        fire(sends[next++]);
      }
      if (next < sends.length) setTimeout(tick, Math.max(0, sends[next].at - (performance.now() - t0)));
      else resolve(slips);
    };
    tick();
  });
}

/** Opens sockets in batches of `batch` at once; returns the sockets (null for a failure) and each connect time. */
async function connectAll<S extends Socket>(
  count: number,
  batch: number,
  connect: (i: number) => Promise<S>,
  errors: ErrorTally,
): Promise<{ sockets: (S | null)[]; times: number[] }> {
  const sockets: (S | null)[] = new Array(count).fill(null);
  const times: number[] = [];
  for (let start = 0; start < count; start += batch) {
    const indices = Array.from({ length: Math.min(batch, count - start) }, (_, j) => start + j);
    await Promise.all(
      indices.map(async (i) => {
        const t0 = performance.now();
        try {
          sockets[i] = await connect(i);
          times.push(performance.now() - t0);
        } catch (error) {
          errors.add("connect failed", errorMessage(error));
        }
      }),
    );
  }
  return { sockets, times };
}

function openSocket<S extends Socket>(url: string, auth: Record<string, unknown>, timeoutMs: number): Promise<S> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: timeoutMs, auth }) as S;
  return new Promise<S>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no connection within ${timeoutMs} ms`));
    }, timeoutMs + 1000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

// ————————————————————————————————————————————————————————————————————————————————————————————————————————————————————
// The host

class HostClient {
  latest: HostView | undefined;
  private waiters: { predicate: (v: HostView) => boolean; resolve: (v: HostView) => void }[] = [];

  private constructor(readonly socket: Socket) {
    socket.on("host:view", (view: HostView) => {
      this.latest = view;
      this.waiters = this.waiters.filter((w) => (w.predicate(view) ? (w.resolve(view), false) : true));
    });
  }

  static async attach(url: string, created: Pick<CreateSessionResponse, "sessionId" | "hostToken">, timeoutMs: number): Promise<HostClient> {
    const socket = await openSocket<Socket>(url, { protocolVersion: PROTOCOL_VERSION }, timeoutMs);
    const host = new HostClient(socket);
    const { ack } = await host.send<{ view: HostView }>("host:attach", { sessionId: created.sessionId, hostToken: created.hostToken }, timeoutMs);
    if (!ack.ok) throw new Error(`host:attach refused: ${ack.code} ${ack.message}`);
    host.latest ??= ack.view;
    return host;
  }

  /** Sends a command and times it from send to ack. A timeout is reported as { ok: false, code: "TIMEOUT" }. */
  async send<T extends object = object>(event: string, payload: unknown, timeoutMs: number): Promise<{ ack: AckLike & Partial<T>; ms: number }> {
    const t0 = performance.now();
    try {
      const ack = (await this.socket.timeout(timeoutMs).emitWithAck(event, payload)) as AckLike & Partial<T>;
      return { ack, ms: performance.now() - t0 };
    } catch (error) {
      return { ack: { ok: false, code: "TIMEOUT", message: errorMessage(error) } as AckLike & Partial<T>, ms: performance.now() - t0 };
    }
  }

  waitFor(predicate: (v: HostView) => boolean, timeoutMs: number): Promise<HostView | null> {
    if (this.latest && predicate(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        resolve(null);
      }, timeoutMs);
      const done = (v: HostView) => {
        clearTimeout(timer);
        resolve(v);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  close(): void {
    this.socket.close();
  }
}

async function createSession(url: string, body: object): Promise<CreateSessionResponse> {
  const response = await fetch(`${url}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as CreateSessionResponse;
}

// ————————————————————————————————————————————————————————————————————————————————————————————————————————————————————
// One run against the real server

type Phone = {
  i: number;
  socket: PhoneSocket;
  playerId: string;
  latest: StudentView | undefined;
  /** The α of the last acknowledged guess (by send order), and that send's order. */
  acked: { alpha: number; order: number } | undefined;
};

type Check = { label: string; lost: number; extra: number; detail: string[] };

type AppResult = {
  phones: number;
  startMs: number;
  connect: { ms: number; each: Stats | null; ok: number };
  join: { ms: number; each: Stats | null; ok: number; viewsPerPhone: number };
  open: { ackMs: number; delivery: Stats | null; missing: number };
  guesses: { sent: number; acks: Stats | null; ok: number; slipMax: number; phase: Phase; hostSawAllMs: number | null };
  close: { ackMs: number; delivery: Stats | null; missing: number };
  reveal: { ackMs: number; delivery: Stats | null; missing: number; phase: Phase; viewBytes: number; mineMismatch: number };
  step: { ackMs: number; delivery: Stats | null; missing: number; phase: Phase; viewBytes: number };
  hostViewBytes: number;
  checks: Check[];
  /** Phones with an acknowledged guess (the last acknowledged α of each is what must be stored). */
  expected: number;
  lost: number;
  restart: { stopMs: number; exitCode: number | null; startMs: number } | null;
  serverRssMb?: number;
  errors: ErrorTally;
  serverProblems: string[];
};

function compareResults(label: string, view: HostView | null, round: number, expected: Map<string, number>): Check {
  const detail: string[] = [];
  if (!view || view.round?.number !== round || !view.round.results) {
    return { label, lost: expected.size, extra: 0, detail: [`no results for round ${round} in the host view (round ${view?.round?.number}, ${view?.round?.status})`] };
  }
  const results = new Map(view.round.results.map((r) => [r.playerId, r.alpha]));
  const guesses = new Map(view.round.guesses.map((g) => [g.playerId, g.alpha]));
  let lost = 0;
  for (const [playerId, alpha] of expected) {
    const got = results.get(playerId);
    const guessed = guesses.get(playerId);
    if (got !== alpha || guessed !== alpha) {
      lost++;
      if (detail.length < 5) detail.push(`${playerId}: acknowledged α=${alpha}, results α=${got}, guesses α=${guessed}`);
    }
  }
  const extra = [...results.keys()].filter((id) => !expected.has(id)).length;
  if (results.size !== expected.size) detail.push(`results length ${results.size}, acknowledged ${expected.size}`);
  return { label, lost, extra, detail };
}

async function runApp(n: number, options: Options, runIndex: number, root: string): Promise<AppResult> {
  const errors = new ErrorTally();
  const t = options.ackTimeoutMs;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-load-"));
  registerTempDir(dataDir);
  const { NODE_ENV: _nodeEnv, ...inherited } = process.env; // the server settles NODE_ENV itself (server/node-env.ts)

  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let server: Child | undefined;
  const sockets: PhoneSocket[] = [];
  const phones: Phone[] = [];
  let host: HostClient | undefined;
  const closeClients = () => {
    for (const socket of sockets) socket.close();
    host?.close();
  };
  try {
    if (options.database !== "embedded") scratch = await createScratchDatabase(options.database);
    const env: Record<string, string | undefined> = {
      ...inherited,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: scratch?.url ?? "",
      LOG_LEVEL: options.logLevel,
      NEXT_TELEMETRY_DISABLED: "1",
      // A fresh data directory starts as a copy of a cached empty cluster instead of an initdb (start-up only).
      PGLITE_TEMPLATE_CACHE_DIR: process.env.PGLITE_TEMPLATE_CACHE_DIR || path.join(os.tmpdir(), "backprop-live-pglite-templates"),
    };
    if (n > 1000) env.MAX_PLAYERS_PER_SESSION = String(n);
    // Every simulated phone shares one address and they all arrive within seconds: this bench measures throughput,
    // not the per-address abuse limits (tests/security cover those), so it lifts them.
    env.JOINS_PER_ADDRESS_PER_MINUTE = String(Math.max(6 * n, 1200));
    env.CONNECTIONS_PER_ADDRESS_PER_MINUTE = String(Math.max(6 * (n + 10), 3000));
    env.SOCKETS_PER_ADDRESS = String(Math.max(2 * n + 10, 2500));

    let t0 = performance.now();
    server = await spawnTsChild("server", "server/index.ts", env, { timeoutMs: 120_000, root });
    const startMs = performance.now() - t0;
    const problemsFrom = server.printed();

    const created = await createSession(server.url, { config: { scenario: options.scenario, seed: 7 + runIndex } });
    host = await HostClient.attach(server.url, created, t);

    // — connect, then join, both ramped in batches —
    let shuttingDown = false;
    t0 = performance.now();
    const connected = await connectAll<PhoneSocket>(
      n,
      options.batch,
      async () => {
        const socket = await openSocket<PhoneSocket>(server!.url, { protocolVersion: PROTOCOL_VERSION }, t);
        sockets.push(socket);
        return socket;
      },
      errors,
    );
    const connectMs = performance.now() - t0;

    const probes = new Set<DeliveryProbe<StudentView>>();
    const joinTimes: number[] = [];
    const views = { count: 0 };
    const pending: { i: number; socket: PhoneSocket }[] = connected.sockets.flatMap((socket, i) => (socket ? [{ i, socket }] : []));
    t0 = performance.now();
    for (let start = 0; start < pending.length; start += options.batch) {
      await Promise.all(
        pending.slice(start, start + options.batch).map(async ({ i, socket }) => {
          const phone: Phone = { i: -1, socket, playerId: "", latest: undefined, acked: undefined };
          socket.on("player:view", (view) => {
            const now = performance.now();
            views.count++;
            phone.latest = view;
            if (phone.i >= 0) for (const probe of probes) probe.offer(phone.i, view, now);
          });
          socket.on("disconnect", (reason) => {
            if (!shuttingDown) errors.add("phone disconnected", `phone ${i}: ${reason}`);
          });
          const j0 = performance.now();
          try {
            const ack = await socket.timeout(t).emitWithAck("player:join", { code: created.joinCode, nickname: `phone ${String(i + 1).padStart(4, "0")}` });
            if (!ack.ok) {
              errors.add(`join ${ack.code}`, ack.message);
              socket.close();
              return;
            }
            joinTimes.push(performance.now() - j0);
            phone.playerId = ack.playerId;
            phone.latest ??= ack.view;
            phone.i = phones.length;
            phones.push(phone);
          } catch (error) {
            errors.add("join timeout", errorMessage(error));
            socket.close();
          }
        }),
      );
    }
    const joinMs = performance.now() - t0;
    const joinViews = views.count;
    const probe = (matches: (phone: Phone, view: StudentView) => boolean) => {
      const p = new DeliveryProbe<StudentView>(phones.length, (i, view) => matches(phones[i], view));
      probes.add(p);
      return p;
    };
    const deliver = async (p: DeliveryProbe<StudentView>) => {
      await p.wait(options.deliveryTimeoutMs);
      probes.delete(p);
      return { delivery: stats(p.latencies()), missing: p.missing };
    };
    const hostCommand = async (event: string, payload: unknown) => {
      const result = await host!.send(event, payload, t);
      if (!result.ack.ok) errors.add(`${event} ${result.ack.code}`, result.ack.message);
      return result;
    };

    // — open —
    const openProbe = probe((_, v) => v.round?.status === "open");
    openProbe.start();
    const opened = await hostCommand("round:open", { k: options.k });
    const round = Number(opened.ack.round);
    const openDelivered = await deliver(openProbe);

    // — guesses within the window —
    const sends = planSends(phones.length, options, runIndex);
    const ackTimes: number[] = [];
    let acksOutstanding = sends.length;
    let ackOk = 0;
    let allAcked: () => void = () => {};
    const acksDone = new Promise<void>((resolve) => (allAcked = resolve));
    const guessMeter = new PhaseMeter(server.pid);
    const slips = await runSchedule(sends, (send) => {
      const phone = phones[send.client];
      const s0 = performance.now();
      phone.socket.timeout(t).emit("guess:submit", { alpha: send.value }, (error, ack) => {
        const latency = performance.now() - s0;
        if (error) errors.add("guess timeout", `phone ${send.client}: no ack within ${t} ms`);
        else if (!ack.ok) errors.add(`guess ${ack.code}`, ack.message);
        else {
          ackTimes.push(latency);
          ackOk++;
          if (ack.alpha !== send.value) errors.add("guess ack α differs", `sent ${send.value}, ack ${ack.alpha}`);
          if (!phone.acked || send.order >= phone.acked.order) phone.acked = { alpha: send.value, order: send.order };
        }
        if (--acksOutstanding === 0) allAcked();
      });
    });
    await withTimeout(acksDone, t + 5_000, "guess acknowledgements").catch((e: Error) => errors.add("bench", e.message));
    const lastAckAt = performance.now();
    const guessPhase = guessMeter.end();
    const expected = new Map(phones.flatMap((p) => (p.acked ? [[p.playerId, p.acked.alpha] as const] : [])));
    const sawAll = await host.waitFor((v) => v.round?.number === round && v.round.guesses.length >= expected.size, 5_000);
    const hostSawAllMs = sawAll ? performance.now() - lastAckAt : null;

    // — close —
    const closeProbe = probe((_, v) => v.round?.number === round && v.round.status === "closed");
    closeProbe.start();
    const closed = await hostCommand("round:close", {});
    const closeDelivered = await deliver(closeProbe);

    // — reveal —
    const revealProbe = probe((_, v) => v.reveal?.round === round);
    const revealMeter = new PhaseMeter(server.pid);
    revealProbe.start();
    const revealed = await hostCommand("round:reveal", {});
    const revealDelivered = await deliver(revealProbe);
    const revealPhase = revealMeter.end();
    const mineMismatch = phones.filter((p) => p.acked && p.latest?.reveal?.mine?.alpha !== p.acked.alpha).length;
    const revealBytes = JSON.stringify(phones[0]?.latest ?? {}).length;

    const liveView = await host.waitFor((v) => v.round?.number === round && v.round.status === "revealed" && v.round.results !== null, 5_000);
    const checks = [compareResults("live host view after reveal", liveView, round, expected)];
    const hostViewBytes = JSON.stringify(liveView ?? {}).length;

    // — step —
    const baseline = phones.map((p) => p.latest?.network.step ?? 0);
    const stepProbe = probe((phone, v) => v.network.step > baseline[phone.i]);
    const stepMeter = new PhaseMeter(server.pid);
    stepProbe.start();
    const stepped = await hostCommand("network:step", { policy: "median" });
    const stepDelivered = await deliver(stepProbe);
    const stepPhase = stepMeter.end();
    const stepBytes = JSON.stringify(phones[0]?.latest ?? {}).length;
    const stepAfter = baseline[0] + 1;
    const serverRssMb = processRssMb(server.pid);
    const serverProblems = server.problemsSince(problemsFrom);

    // — durability: SIGTERM, start again on the same data, read the results back —
    shuttingDown = true;
    closeClients();
    const stop = await server.stop("SIGTERM");
    if (stop.code !== 0) errors.add("server exit", `SIGTERM → exit code ${stop.code} signal ${stop.signal}`);
    t0 = performance.now();
    server = await spawnTsChild("server (restart)", "server/index.ts", env, { timeoutMs: 120_000, root });
    const restartMs = performance.now() - t0;
    const host2 = await HostClient.attach(server.url, created, t);
    host = host2;
    const reloaded = host2.latest ?? null;
    const afterRestart = compareResults("host view after restart (from the database)", reloaded, round, expected);
    if (reloaded && reloaded.engine.step !== stepAfter)
      errors.add("restart check", `engine step ${reloaded.engine.step} after restart, expected ${stepAfter}`);
    if (reloaded && reloaded.players.length !== phones.length)
      errors.add("restart check", `${reloaded.players.length} players after restart, expected ${phones.length}`);
    checks.push(afterRestart);
    host2.close();
    const stop2 = await server.stop("SIGTERM");
    if (stop2.code !== 0) errors.add("server exit", `SIGTERM after restart → exit code ${stop2.code} signal ${stop2.signal}`);
    serverProblems.push(...server.problemsSince(0));

    return {
      phones: n,
      startMs,
      connect: { ms: connectMs, each: stats(connected.times), ok: connected.sockets.filter(Boolean).length },
      join: { ms: joinMs, each: stats(joinTimes), ok: phones.length, viewsPerPhone: joinViews / Math.max(1, phones.length) },
      open: { ackMs: opened.ms, ...openDelivered },
      guesses: { sent: sends.length, acks: stats(ackTimes), ok: ackOk, slipMax: Math.max(0, ...slips), phase: guessPhase, hostSawAllMs },
      close: { ackMs: closed.ms, ...closeDelivered },
      reveal: { ackMs: revealed.ms, ...revealDelivered, phase: revealPhase, viewBytes: revealBytes, mineMismatch },
      step: { ackMs: stepped.ms, ...stepDelivered, phase: stepPhase, viewBytes: stepBytes },
      hostViewBytes,
      checks,
      expected: expected.size,
      lost: Math.max(...checks.map((c) => c.lost)),
      restart: { stopMs: stop.ms, exitCode: stop.code, startMs: restartMs },
      serverRssMb,
      errors,
      serverProblems,
    };
  } finally {
    closeClients();
    await server?.stop("SIGTERM");
    removeTempDir(dataDir);
    await scratch?.drop();
  }
}

// ————————————————————————————————————————————————————————————————————————————————————————————————————————————————————
// One run against the bare Socket.IO server

type BareResult = {
  phones: number;
  connect: { ms: number; ok: number };
  acks: Stats | null;
  ackOk: number;
  guessPhase: Phase;
  broadcast: { ackMs: number; delivery: Stats | null; missing: number; bytes: number };
  each: { ackMs: number; delivery: Stats | null; missing: number; bytes: number };
  errors: ErrorTally;
};

async function runBare(n: number, options: Options, runIndex: number): Promise<BareResult> {
  const errors = new ErrorTally();
  const t = options.ackTimeoutMs;
  const server = await spawnTsChild("bare server", "bench/load-bare-server.ts", { ...process.env, PORT: "0", HOST: "127.0.0.1" }, { timeoutMs: 60_000, keepStdinOpen: true });
  const sockets: Socket[] = [];
  let controller: Socket | undefined;
  try {
    controller = await openSocket<Socket>(server.url, { role: "controller" }, t);
    let t0 = performance.now();
    const connected = await connectAll<Socket>(n, options.batch, () => openSocket<Socket>(server.url, { role: "phone" }, t), errors);
    const connectMs = performance.now() - t0;
    const probes = new Set<DeliveryProbe<{ seq: number }>>();
    let shuttingDown = false;
    for (const socket of connected.sockets) {
      if (!socket) continue;
      const i = sockets.length;
      sockets.push(socket);
      socket.on("news", (payload: { seq: number }) => {
        const now = performance.now();
        for (const probe of probes) probe.offer(i, payload, now);
      });
      socket.on("disconnect", (reason) => {
        if (!shuttingDown) errors.add("client disconnected", reason);
      });
    }

    // Same schedule shape as the real run: one message + ack per client, uniformly within the window.
    const sends = planSends(sockets.length, options, runIndex);
    const ackTimes: number[] = [];
    let outstanding = sends.length;
    let ackOk = 0;
    let allAcked: () => void = () => {};
    const acksDone = new Promise<void>((resolve) => (allAcked = resolve));
    const meter = new PhaseMeter(server.pid);
    await runSchedule(sends, (send) => {
      const s0 = performance.now();
      sockets[send.client].timeout(t).emit("echo", { alpha: send.value }, (error: Error | null) => {
        if (error) errors.add("ack timeout");
        else {
          ackTimes.push(performance.now() - s0);
          ackOk++;
        }
        if (--outstanding === 0) allAcked();
      });
    });
    await withTimeout(acksDone, t + 5_000, "reference acknowledgements").catch((e: Error) => errors.add("bench", e.message));
    const guessPhase = meter.end();

    const push = async (mode: "broadcast" | "each", seq: number) => {
      const p = new DeliveryProbe<{ seq: number }>(sockets.length, (_, payload) => payload.seq === seq);
      probes.add(p);
      p.start();
      t0 = performance.now();
      let bytes = 0;
      let ackMs = NaN;
      try {
        const ack = (await controller!.timeout(t).emitWithAck("push", { mode, seq, bytes: options.bytes })) as { bytes: number };
        ackMs = performance.now() - t0;
        bytes = ack.bytes;
      } catch (error) {
        errors.add(`push ${mode}`, errorMessage(error));
      }
      await p.wait(options.deliveryTimeoutMs);
      probes.delete(p);
      return { ackMs, delivery: stats(p.latencies()), missing: p.missing, bytes };
    };
    const broadcast = await push("broadcast", 1);
    const each = await push("each", 2);
    shuttingDown = true;
    return { phones: n, connect: { ms: connectMs, ok: sockets.length }, acks: stats(ackTimes), ackOk, guessPhase, broadcast, each, errors };
  } finally {
    for (const s of sockets) s.close();
    controller?.close();
    await server.stop("SIGTERM", 5_000);
  }
}

// ————————————————————————————————————————————————————————————————————————————————————————————————————————————————————
// Report

type RunReport = { n: number; run: number; app?: AppResult; appError?: string; bare?: BareResult; bareError?: string };

function printRunDetails(r: RunReport): void {
  const a = r.app;
  console.log(`\n── ${r.n} phones, run ${r.run + 1}: details ──`);
  if (!a) {
    console.log(`  real server: FAILED: ${r.appError}`);
  } else {
    console.log(`  server start ${ms(a.startMs)} ms; RSS after the round ${a.serverRssMb?.toFixed(0) ?? "?"} MB`);
    console.log(`  connect: ${a.connect.ok}/${a.phones} in ${ms(a.connect.ms)} ms (batches of ${options.batch}); each ${describeStats(a.connect.each)}`);
    console.log(
      `  join:    ${a.join.ok}/${a.phones} in ${ms(a.join.ms)} ms; each ${describeStats(a.join.each)}; ` +
        `${a.join.viewsPerPhone.toFixed(1)} player:view per phone received while joining (each join is pushed to all)`,
    );
    console.log(`  round:open ack ${ms(a.open.ackMs)} ms; "open" view delivered ${describeStats(a.open.delivery)}, missing ${a.open.missing}`);
    console.log(
      `  guesses: ${a.guesses.ok}/${a.guesses.sent} acknowledged; ack ${describeStats(a.guesses.acks)}; ` +
        `latest send ${ms(a.guesses.slipMax)} ms behind plan; host view showed all guesses ${a.guesses.hostSawAllMs === null ? "never (5 s)" : `${ms(a.guesses.hostSawAllMs)} ms after the last ack`}`,
    );
    console.log(`    guess phase: ${describePhase(a.guesses.phase)}`);
    console.log(`  round:close ack ${ms(a.close.ackMs)} ms (scoring included); "closed" view delivered ${describeStats(a.close.delivery)}, missing ${a.close.missing}`);
    console.log(
      `  round:reveal ack ${ms(a.reveal.ackMs)} ms; reveal delivered ${describeStats(a.reveal.delivery)}, missing ${a.reveal.missing}; ` +
        `player:view ${(a.reveal.viewBytes / 1024).toFixed(1)} KB as JSON; phones whose reveal.mine.α ≠ their acknowledged α: ${a.reveal.mineMismatch}`,
    );
    console.log(`    reveal phase: ${describePhase(a.reveal.phase)}`);
    console.log(`  network:step ack ${ms(a.step.ackMs)} ms; step delivered ${describeStats(a.step.delivery)}, missing ${a.step.missing}`);
    console.log(`    step phase: ${describePhase(a.step.phase)}`);
    console.log(`  host:view ${(a.hostViewBytes / 1024).toFixed(0)} KB as JSON`);
    if (a.restart)
      console.log(`  SIGTERM → exit ${a.restart.exitCode} in ${ms(a.restart.stopMs)} ms; restart on the same data ${ms(a.restart.startMs)} ms`);
    for (const c of a.checks) {
      console.log(`  check "${c.label}": lost ${c.lost}, stored without an ack ${c.extra}${c.detail.length ? "; " + c.detail.join("; ") : ""}`);
    }
    console.log(`  errors: ${a.errors.summary()}`);
    for (const e of a.errors.examples) console.log(`    e.g. ${e}`);
    const problems = [...new Set(a.serverProblems)];
    console.log(`  server warnings/errors printed: ${problems.length}`);
    for (const line of problems.slice(0, 10)) console.log(`    ${line.slice(0, 300)}`);
    console.log(`  guesses lost: ${a.lost} (${a.expected} phones with an acknowledged guess; the last acknowledged α of each checked in the live host view and after a restart)`);
  }
  if (r.bare) {
    const b = r.bare;
    console.log(`  reference: ${b.connect.ok}/${b.phones} connected in ${ms(b.connect.ms)} ms; ack ${describeStats(b.acks)}`);
    console.log(`    reference ack phase: ${describePhase(b.guessPhase)}`);
    console.log(`    io.emit ${b.broadcast.bytes} B: ack ${ms(b.broadcast.ackMs)} ms; delivered ${describeStats(b.broadcast.delivery)}, missing ${b.broadcast.missing}`);
    console.log(`    per-client emit ${b.each.bytes} B: ack ${ms(b.each.ackMs)} ms; delivered ${describeStats(b.each.delivery)}, missing ${b.each.missing}`);
    console.log(`    errors: ${b.errors.summary()}`);
  } else if (r.bareError) console.log(`  reference: FAILED: ${r.bareError}`);
}

function totalErrors(a: AppResult): number {
  return a.errors.total;
}

function printTable(reports: RunReport[]): void {
  const header = [
    "server", "phones", "acked", "ack p50", "p95", "p99", "max",
    "reveal* p50", "p95", "p99", "max", "miss",
    "step** p50", "p95", "p99", "max", "miss", "errors", "lost",
  ];
  const cells = (s: Stats | null) => [ms(s?.p50), ms(s?.p95), ms(s?.p99), ms(s?.max)];
  const rows: string[][] = [];
  for (const r of reports) {
    const label = reports.some((o) => o !== r && o.n === r.n) ? ` #${r.run + 1}` : "";
    if (r.app) {
      const a = r.app;
      rows.push([
        `backprop-live${label}`, String(a.phones), `${a.guesses.ok}/${a.guesses.sent}`, ...cells(a.guesses.acks),
        ...cells(a.reveal.delivery), String(a.reveal.missing),
        ...cells(a.step.delivery), String(a.step.missing), String(totalErrors(a)), String(a.lost),
      ]);
    } else rows.push([`backprop-live${label}`, String(r.n), "FAILED", ...Array(16).fill("–")]);
    if (r.bare) {
      const b = r.bare;
      rows.push([
        `bare socket.io${label}`, String(b.phones), `${b.ackOk}/${b.phones}`, ...cells(b.acks),
        ...cells(b.broadcast.delivery), String(b.broadcast.missing),
        ...cells(b.each.delivery), String(b.each.missing), String(b.errors.total), "–",
      ]);
    } else if (r.bareError) rows.push([`bare socket.io${label}`, String(r.n), "FAILED", ...Array(16).fill("–")]);
  }
  console.log("\n" + table(header, rows));
  console.log(
    `All times in ms, measured in this process from send to receipt. ack = guess:submit → ack (bare: "echo" → ack), sent uniformly within ${options.windowMs} ms.\n` +
      `* backprop-live: round:reveal sent by the host → that phone's player:view with reveal.round; bare: one ${options.bytes} B io.emit to all.\n` +
      `** backprop-live: network:step sent → that phone's player:view with network.step increased; bare: one ${options.bytes} B object emitted to each client.\n` +
      `miss = not delivered within ${options.deliveryTimeoutMs} ms; errors = failed connects, joins, acks (incl. timeouts and RATE_LIMITED), host commands, unexpected disconnects, unclean exits, restart checks.\n` +
      `In the details, CPU is from /proc: "server" includes its threads (embedded PostgreSQL, scoring worker); "rest of the machine" is every other process (an external PostgreSQL, anything else running).`,
  );
}

type Verdict = { ok: boolean; line: string };

function verdicts(reports: RunReport[]): Verdict[] {
  const out: Verdict[] = [];
  for (const r of reports) {
    const tag = `${r.n} phones${reports.some((o) => o !== r && o.n === r.n) ? ` (run ${r.run + 1})` : ""}`;
    const a = r.app;
    if (!a) {
      out.push({ ok: false, line: `${tag}: the run did not complete: ${r.appError}` });
      continue;
    }
    const errors = totalErrors(a);
    if (r.n <= 500) {
      const ackP99 = a.guesses.acks?.p99 ?? Infinity;
      const allAcked = a.guesses.ok === a.guesses.sent && a.guesses.sent > 0;
      out.push({
        ok: allAcked && ackP99 < 300,
        line: `${tag}: every acknowledgement, p99 < 300 ms: ${a.guesses.ok}/${a.guesses.sent} acknowledged, p99 ${ms(ackP99)} ms`,
      });
      const revealP99 = a.reveal.delivery?.p99 ?? Infinity;
      out.push({
        ok: a.reveal.missing === 0 && a.join.ok === r.n && revealP99 < 300,
        line: `${tag}: reveal delivered to all, p99 < 300 ms: ${a.reveal.delivery?.n ?? 0}/${r.n} delivered, p99 ${ms(revealP99)} ms`,
      });
    }
    const complete = a.join.ok === r.n && a.guesses.ok === a.guesses.sent && a.reveal.missing === 0 && a.step.missing === 0;
    out.push({
      ok: complete && errors === 0 && a.lost === 0,
      line: `${tag}: complete with no errors and nothing lost: joined ${a.join.ok}/${r.n}, acked ${a.guesses.ok}/${a.guesses.sent}, reveal missing ${a.reveal.missing}, step missing ${a.step.missing}, errors ${errors}, guesses lost ${a.lost}`,
    });
  }
  return out;
}

// ————————————————————————————————————————————————————————————————————————————————————————————————————————————————————
// Main

let options: Options;

async function main(): Promise<number> {
  let parsed: Options | null;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(errorMessage(error));
    console.error(HELP);
    return 2;
  }
  if (!parsed) {
    console.log(HELP);
    return 0;
  }
  options = parsed;
  const deadline = setTimeout(
    () => void shutdown(2, `bench deadline of ${options.maxSeconds} s passed: stopping`),
    options.maxSeconds * 1000,
  );
  deadline.unref();

  // The server needs a production build of its pages (which play no part in the measurements): see load-pages.ts.
  const root = prepareServerRoot(options.pages);

  console.log(
    `Backprop Live load bench: phones ${options.phones.join(", ")} × ${options.runs} run(s); database ${options.database === "embedded" ? "embedded (fresh temporary DATA_DIR)" : "PostgreSQL (a scratch database per run)"}; ` +
      `guesses within ${options.windowMs} ms, seed ${options.seed}, reguess ${options.reguess}, k ${options.k}, scenario ${options.scenario}; ` +
      `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\nserver runs from ${root.description}`,
  );
  const reports: RunReport[] = [];
  for (const n of options.phones) {
    for (let run = 0; run < options.runs; run++) {
      const report: RunReport = { n, run };
      reports.push(report);
      console.log(`\n▶ ${n} phones, run ${run + 1}: real server…`);
      try {
        report.app = await runApp(n, options, run, root.dir);
      } catch (error) {
        report.appError = errorMessage(error);
      }
      if (options.reference) {
        console.log(`▶ ${n} phones, run ${run + 1}: bare Socket.IO reference…`);
        try {
          report.bare = await runBare(n, options, run);
        } catch (error) {
          report.bareError = errorMessage(error);
        }
      }
      printRunDetails(report);
    }
  }

  printTable(reports);
  const results = verdicts(reports);
  console.log("");
  for (const v of results) console.log(`${v.ok ? "PASS" : "FAIL"}  ${v.line}`);
  const lost = reports.reduce((sum, r) => sum + (r.app?.lost ?? 0), 0);
  const incomplete = reports.filter((r) => !r.app).length;
  console.log(`\nguesses lost: ${lost}${incomplete ? ` (${incomplete} run(s) did not complete and were not checked)` : ""}`);
  return results.every((v) => v.ok) ? 0 : 1;
}

let exiting = false;
async function shutdown(code: number, reason?: string): Promise<never> {
  if (!exiting) {
    exiting = true;
    if (reason) console.error(reason);
    await cleanupAll().catch(() => cleanupSync());
  }
  process.exit(code);
}

process.on("exit", cleanupSync);
process.on("SIGINT", () => void shutdown(130, "\ninterrupted: stopping the servers and removing temporary data"));
process.on("SIGTERM", () => void shutdown(143, "terminated: stopping the servers and removing temporary data"));
process.on("uncaughtException", (error) => void shutdown(2, `bench crashed: ${error.stack ?? error.message}`));
process.on("unhandledRejection", (error) => void shutdown(2, `bench crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));

main().then(
  (code) => shutdown(code),
  (error: unknown) => shutdown(2, `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
);
