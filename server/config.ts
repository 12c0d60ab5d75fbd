import path from "node:path";
import { z } from "zod";
import { LogLevel, type LogLevelName } from "./logger";

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATA_DIR: z.string().min(1).default("./data"),
  LOG_LEVEL: z.enum(Object.keys(LogLevel) as [LogLevelName, ...LogLevelName[]]).default("info"),
  /** Public base URL used in join links and QR codes (e.g. https://class.example.org); defaults to the request's host. */
  PUBLIC_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  MAX_PLAYERS_PER_SESSION: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** Delete sessions older than this many days (checked at start and every 6 hours); unset keeps them forever. */
  RETENTION_DAYS: z.coerce.number().positive().optional().or(z.literal("").transform(() => undefined)),
});

export type ServerConfig = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: LogLevelName;
  publicUrl: string | undefined;
  maxPlayers: number;
  retentionDays: number | undefined;
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
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL,
    maxPlayers: e.MAX_PLAYERS_PER_SESSION,
    retentionDays: e.RETENTION_DAYS,
    dev: argv.includes("--dev"),
  };
}
