import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { consoleDbLogger, type DbLogger } from "./logger";

export { PrismaClient };

/** Default pool size against a real PostgreSQL server; the embedded one needs 1 (see embedded-postgres.ts). */
export const DEFAULT_POOL_SIZE = 5;

export interface CreatePrismaClientOptions {
  connectionString: string;
  /** Maximum connections in the pg pool. */
  poolSize?: number;
  /** Close idle pool connections after this long; 0 keeps them open. Default 10 s (pg's default). */
  idleTimeoutMs?: number;
  /** Give up acquiring a new connection after this long. Default 10 s, so a dead server fails a request, not hangs. */
  connectionTimeoutMs?: number;
  /** PostgreSQL schema the tables live in. */
  schema?: string;
  log?: DbLogger;
}

/** A PrismaClient on the official pg driver adapter. It connects lazily; call $disconnect() to end the pool. */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  if (typeof options.connectionString !== "string" || options.connectionString.length === 0) {
    throw new TypeError("createPrismaClient: connectionString must be a non-empty string");
  }
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new RangeError(`createPrismaClient: poolSize must be a positive integer, got ${poolSize}`);
  }
  const log = options.log ?? consoleDbLogger;
  const adapter = new PrismaPg(
    {
      connectionString: options.connectionString,
      max: poolSize,
      idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    },
    {
      schema: options.schema ?? "public",
      // Without these, a server restart or a dropped connection is invisible until a query fails.
      onPoolError: (error) => log.warn("database pool: idle connection failed", { error: error.message }),
      onConnectionError: (error) => log.warn("database pool: connection failed", { error: error.message }),
    },
  );
  return new PrismaClient({ adapter });
}
