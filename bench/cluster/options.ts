/** bench:cluster's command line: flags, defaults, and the checks that refuse a bad value before anything starts. */
import { parseArgs } from "node:util";
import { checkLoopbackDatabase, positiveInt, UsageError } from "../load/options";

export const HELP = `Usage: npm run bench:cluster -- [flags]

  --sessions S            live sessions played at once (default 30)
  --phones-per-session P  phones per session (default 30)
  --nodes N               cluster nodes (default 3; at least 2, so host and phones can be on different nodes)
  --warmup-rounds W       rounds played first and not measured: freshly started processes, cold JIT, first
                          lease of every session (default 1; their guesses are still checked for loss)
  --rounds R              measured rounds before the failover round (default 2)
  --database URL          PostgreSQL server on this machine for the scratch databases (default TEST_DATABASE_URL,
                          else postgresql://postgres@127.0.0.1:5432/test); each topology gets its own bl_load_… database
  --window MS             guesses of a measured round are spread over this many ms (default 1000)
  --failover-window MS    guesses of the failover round are spread over this many ms (default 4000)
  --kill-at MS            the busiest owner node is killed (SIGKILL) this long after the failover round's first guess
                          (default: half the failover window)
  --batch B               connections (and then joins) opened at once while ramping up (default 100)
  --seed S                seed for α values and send times (default 1)
  --ack-timeout MS        one attempt of a command waits this long for its ack before it is retried (default 5000)
  --give-up MS            a command not acknowledged this long after its first attempt counts as failed (default 30000)
  --delivery-timeout MS   a view not delivered within this counts as missing (default 10000)
  --no-single             skip the single-node reference
  --no-failover           skip the failover round
  --no-command-ids        send no commandId (servers from before issue 11 refuse the field; retries may then apply twice)
  --same-url              every "node" is one single-mode server (tries the harness on a server without the cluster core)
  --max-seconds S         deadline for the whole bench (default 1500)
  --help`;

export type ClusterOptions = {
  sessions: number;
  phonesPerSession: number;
  nodes: number;
  warmupRounds: number;
  rounds: number;
  database: string;
  windowMs: number;
  failoverWindowMs: number;
  killAtMs: number;
  batch: number;
  seed: number;
  ackTimeoutMs: number;
  giveUpMs: number;
  deliveryTimeoutMs: number;
  single: boolean;
  failover: boolean;
  commandIds: boolean;
  sameUrl: boolean;
  maxSeconds: number;
  /** planSends (bench/load/schedule.ts) reads these: one guess per phone per round. */
  reguess: 0;
};

export const DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/test";

export function parseClusterOptions(argv: string[]): ClusterOptions | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sessions: { type: "string" },
      "phones-per-session": { type: "string" },
      nodes: { type: "string" },
      rounds: { type: "string" },
      "warmup-rounds": { type: "string" },
      database: { type: "string" },
      window: { type: "string" },
      "failover-window": { type: "string" },
      "kill-at": { type: "string" },
      batch: { type: "string" },
      seed: { type: "string" },
      "ack-timeout": { type: "string" },
      "give-up": { type: "string" },
      "delivery-timeout": { type: "string" },
      "no-single": { type: "boolean" },
      "no-failover": { type: "boolean" },
      "no-command-ids": { type: "boolean" },
      "same-url": { type: "boolean" },
      "max-seconds": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return null;
  const database = values.database ?? (process.env.TEST_DATABASE_URL?.trim() || DEFAULT_DATABASE);
  checkLoopbackDatabase(database);
  const nodes = positiveInt("nodes", values.nodes, 3, 2);
  const sessions = positiveInt("sessions", values.sessions, 30);
  const phonesPerSession = positiveInt("phones-per-session", values["phones-per-session"], 30);
  if (sessions * phonesPerSession > 5000) throw new UsageError("--sessions × --phones-per-session: at most 5000 phones");
  const failoverWindowMs = positiveInt("failover-window", values["failover-window"], 4000);
  const killAtMs = positiveInt("kill-at", values["kill-at"], Math.round(failoverWindowMs / 2), 0);
  return {
    sessions,
    phonesPerSession,
    nodes,
    warmupRounds: positiveInt("warmup-rounds", values["warmup-rounds"], 1, 0),
    rounds: positiveInt("rounds", values.rounds, 2, 0),
    database,
    windowMs: positiveInt("window", values.window, 1000),
    failoverWindowMs,
    killAtMs,
    batch: positiveInt("batch", values.batch, 100),
    seed: positiveInt("seed", values.seed, 1, 0),
    ackTimeoutMs: positiveInt("ack-timeout", values["ack-timeout"], 5000),
    giveUpMs: positiveInt("give-up", values["give-up"], 30_000),
    deliveryTimeoutMs: positiveInt("delivery-timeout", values["delivery-timeout"], 10_000),
    single: !values["no-single"],
    failover: !values["no-failover"],
    commandIds: !values["no-command-ids"],
    sameUrl: values["same-url"] ?? false,
    maxSeconds: positiveInt("max-seconds", values["max-seconds"], 1500),
    reguess: 0,
  };
}
