import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
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
  /**
   * Send the hot statements (rawPoolOf) as named prepared statements, parsed and planned once per connection. Only
   * where every pool connection is its own PostgreSQL session: not the embedded server, not a transaction pooler.
   */
  namedStatements?: boolean;
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
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: poolSize,
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
  });
  const adapter = new PrismaPg(pool, {
    schema: options.schema ?? "public",
    // The pool is made here (so the hot append can use it, see rawPoolOf); Prisma still ends it on $disconnect().
    disposeExternalPool: true,
    // Without these, a server restart or a dropped connection is invisible until a query fails.
    onPoolError: (error) => log.warn("database pool: idle connection failed", { error: error.message }),
    onConnectionError: (error) => log.warn("database pool: connection failed", { error: error.message }),
  });
  const client = new PrismaClient({ adapter });
  pools.set(client, { pool, namedStatements: options.namedStatements ?? false });
  return client;
}

export type RawPool = { pool: pg.Pool; namedStatements: boolean };
const pools = new WeakMap<PrismaClient, RawPool>();

/**
 * The pg pool under a client made by createPrismaClient (the same connections Prisma uses, so the embedded
 * database's one connection stays one). The event log's group append goes through it: the statement's JSON text
 * skips Prisma's parameter round trip and, with namedStatements, PostgreSQL plans it once per connection instead of
 * once per commit. Undefined for any other client.
 */
export function rawPoolOf(client: PrismaClient): RawPool | undefined {
  return pools.get(client);
}
