import path from "node:path";
import { z } from "zod";
import { DEFAULT_LIMITS, LIMIT_ENV, type Limits } from "./limits";
import { LogLevel, type LogLevelName } from "./logger";

const positiveInt = z.coerce.number().int().min(1).max(1_000_000_000).optional().or(z.literal("").transform(() => undefined));
const limitEnv = Object.fromEntries(Object.keys(LIMIT_ENV).map((name) => [name, positiveInt])) as {
  [K in keyof typeof LIMIT_ENV]: typeof positiveInt;
};

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().min(1).default("./data"),
  /** Cluster mode: several nodes on one PostgreSQL (DATABASE_URL) coordinate through this Redis. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must be a redis:// or rediss:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** This node's name in a cluster (logs, /api/health, session ownership); default a random id. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "NODE_ID may hold letters, digits, '.', '_' and '-' (at most 64)")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  LOG_LEVEL: z.enum(Object.keys(LogLevel) as [LogLevelName, ...LogLevelName[]]).default("info"),
  /** Public base URL used in join links and QR codes (e.g. https://class.example.org); defaults to the request's host. */
  PUBLIC_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  MAX_PLAYERS_PER_SESSION: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Delete sessions older than this many days (checked at start and every 6 hours); unset keeps them forever. */
  RETENTION_DAYS: z.coerce.number().positive().optional().or(z.literal("").transform(() => undefined)),
  /**
   * How many reverse proxies in front of this server to trust for X-Forwarded-For: "false"/"0" (default) uses the
   * socket's own address; "true" means one; a number means that many hops.
   */
  TRUST_PROXY: z
    .union([z.literal("true").transform(() => 1), z.literal("false").transform(() => 0), z.literal("").transform(() => 0), z.coerce.number().int().min(0).max(10)])
    .default(0),
  /** Extra origins (comma-separated, e.g. https://class.example.org) allowed to open sockets and send writes. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((list) => list.split(",").map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url().transform((u) => new URL(u).origin))),
  ...limitEnv,
});

export type ServerConfig = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Set: cluster mode (needs databaseUrl). */
  redisUrl: string | undefined;
  /** This node's id in a cluster; undefined lets the server draw one. */
  nodeId: string | undefined;
  /** Serve the Next pages (false with --api-only: sockets and /api only, for tests and benchmarks). */
  pages: boolean;
  logLevel: LogLevelName;
  publicUrl: string | undefined;
  maxPlayers: number;
  retentionDays: number | undefined;
  /** X-Forwarded-For hops to trust (0: none). */
  trustProxy: number;
  /** Origins allowed besides the request's own host and PUBLIC_URL. */
  allowedOrigins: string[];
  limits: Limits;
  dev: boolean;
};

/** Reads and validates the environment once at start-up; a bad value stops the process with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL)
    throw new Error(
      "Invalid configuration: REDIS_URL turns on cluster mode, which needs a shared PostgreSQL in DATABASE_URL " +
        "(postgresql://…); the embedded database belongs to one process. Unset REDIS_URL to run a single node.",
    );
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    redisUrl: e.REDIS_URL,
    nodeId: e.NODE_ID,
    pages: !argv.includes("--api-only"),
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    maxPlayers: e.MAX_PLAYERS_PER_SESSION,
    retentionDays: e.RETENTION_DAYS,
    trustProxy: e.TRUST_PROXY,
    allowedOrigins: e.ALLOWED_ORIGINS,
    limits: {
      ...DEFAULT_LIMITS,
      ...Object.fromEntries(
        Object.entries(LIMIT_ENV).flatMap(([name, key]) => (e[name as keyof typeof LIMIT_ENV] === undefined ? [] : [[key, e[name as keyof typeof LIMIT_ENV]]])),
      ),
    },
    dev: argv.includes("--dev"),
  };
}
