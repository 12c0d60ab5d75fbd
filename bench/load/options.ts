/** The bench's command line: flags, defaults, and the checks that refuse a bad value before anything starts. */
import { parseArgs } from "node:util";
import type { PagesMode } from "./pages";

export const HELP = `Usage: npm run bench:load -- [flags]

  --phones LIST        phone counts to run, comma-separated (default 500,1000); each is the TOTAL over all sessions
                       (at most 5000)
  --sessions S         sessions, all active at once; each phone count is split evenly over them, the remainder to
                       the first ones (default 1; at most the smallest phone count)
  --runs R             repeat each phone count R times, each on a fresh server (default 1); with R > 1 the headline
                       figures are also printed as the median over the runs
  --warmup-runs W      runs of each phone count played first, real server and reference alike, and not measured
                       (default 1): the bench's own client is a process too, and its first run at a new size (cold
                       code, a heap still growing) slows whichever server it measures first; a warm-up run's
                       guesses are still checked for loss
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
  --bytes N            size of the reference server's pushes to phones (default 2048)
  --no-reference       skip the bare Socket.IO reference
  --pages P            where the server runs from: snapshot (default), project or auto; see bench/load/pages.ts
                       (snapshot = a copy of server/, lib/, prisma/ taken now, with placeholder pages built in a few
                       seconds, so the bench never rebuilds the repository's .next and edits made during the run
                       cannot change the server; project = the repository itself; auto = project when its build is
                       up to date)
  --log-level L        server LOG_LEVEL (default info: needed for its "listening url=" line; nothing is
                       logged at info per connection or command, so the hot path is as quiet as with warn)
  --max-seconds S      deadline for the whole bench (default 1800)
  --help`;

export type Options = {
  phones: number[];
  sessions: number;
  runs: number;
  warmupRuns: number;
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

export function positiveInt(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got ${value})`);
  return n;
}

export class UsageError extends Error {}

/** Only this machine may be a target: refuse a database URL whose host is not loopback (or a unix socket). */
export function checkLoopbackDatabase(url: string): void {
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

export function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      phones: { type: "string" },
      sessions: { type: "string" },
      runs: { type: "string" },
      "warmup-runs": { type: "string" },
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
  const phones = (values.phones ?? "500,1000").split(",").map((p) => positiveInt("phones", p.trim(), 0, 1));
  if (phones.some((n) => n > 5000)) throw new UsageError("--phones: at most 5000 per run");
  const sessions = positiveInt("sessions", values.sessions, 1);
  if (phones.some((n) => n < sessions))
    throw new UsageError(`--sessions ${sessions}: at most the phone count (every session needs a phone; got --phones ${phones.join(",")})`);
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
    sessions,
    runs: positiveInt("runs", values.runs, 1),
    warmupRuns: positiveInt("warmup-runs", values["warmup-runs"], 1, 0),
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
