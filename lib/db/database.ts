import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";
import { consoleDbLogger, redactConnectionString, type DbLogger } from "./logger";
import { migrate } from "./migrate";
import { DEFAULT_POOL_SIZE, createPrismaClient, type PrismaClient } from "./prisma-client";
import { errorMessage } from "../protocol/error-message";

export type DatabaseMode = "embedded" | "postgres";

export interface OpenDatabaseOptions {
  /** A postgres:// or postgresql:// URL. Unset or blank: run the embedded PostgreSQL in dataDir. */
  databaseUrl?: string;
  /** Where the embedded PostgreSQL keeps its files (e.g. ./data/pglite). Unused with databaseUrl. */
  dataDir: string;
  log?: DbLogger;
  /** Defaults to this repository's prisma/migrations. */
  migrationsDir?: string;
  /** Pool size against a real server (default 5). The embedded server always gets 1; see embedded-postgres.ts. */
  poolSize?: number;
  /**
   * Tests only: cache of an initialised cluster, so each new embedded data dir skips initdb. Defaults to
   * $PGLITE_TEMPLATE_CACHE_DIR (set by tests/helpers/database.ts); unset in production, where initdb runs once.
   */
  templateCacheDir?: string;
}

export interface Database {
  prisma: PrismaClient;
  mode: DatabaseMode;
  /** The URL Prisma uses. In postgres mode it is the caller's URL, credentials included: log it only redacted. */
  connectionString: string;
  /** Migrations applied while opening (empty when the database was up to date). */
  appliedMigrations: string[];
  /** True if `SELECT 1` answers within timeoutMs (default 2000). Never throws. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Ends the pool and, in embedded mode, shuts PostgreSQL down and releases the data directory. Idempotent. */
  close(): Promise<void>;
}

/** Opens the database: starts the embedded server if needed, applies pending migrations, connects Prisma. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const log = options.log ?? consoleDbLogger;
  const databaseUrl = options.databaseUrl?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new Error(
      `DATABASE_URL must be a postgres:// or postgresql:// URL (got ${redactConnectionString(databaseUrl)}); ` +
        `leave it unset to use the embedded database`,
    );
  }
  if (databaseUrl === undefined && (typeof options.dataDir !== "string" || options.dataDir.trim() === "")) {
    throw new TypeError("openDatabase: dataDir is required when no databaseUrl is given");
  }
  if (options.poolSize !== undefined && (!Number.isInteger(options.poolSize) || options.poolSize < 1)) {
    throw new RangeError(`openDatabase: poolSize must be a positive integer, got ${options.poolSize}`);
  }

  const startedAt = performance.now();
  const mode: DatabaseMode = databaseUrl ? "postgres" : "embedded";
  let embedded: EmbeddedPostgres | undefined;
  let prisma: PrismaClient | undefined;
  try {
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres({
        dataDir: options.dataDir,
        templateCacheDir: options.templateCacheDir ?? (process.env.PGLITE_TEMPLATE_CACHE_DIR || undefined),
        log,
      });
      if (options.poolSize !== undefined && options.poolSize > EMBEDDED_POOL_SIZE) {
        log.warn("poolSize ignored: the embedded database serves one connection at a time", {
          requested: options.poolSize,
          used: EMBEDDED_POOL_SIZE,
        });
      }
    }
    const connectionString = embedded?.connectionString ?? (databaseUrl as string);
    const target = redactConnectionString(connectionString);

    const appliedMigrations = await migrate({ connectionString, migrationsDir: options.migrationsDir, log });

    prisma = createPrismaClient({
      connectionString,
      poolSize: embedded ? EMBEDDED_POOL_SIZE : (options.poolSize ?? DEFAULT_POOL_SIZE),
      // Embedded: keep the single connection instead of reconnecting after every idle spell.
      idleTimeoutMs: embedded ? 0 : undefined,
      // The embedded server is one session behind every connection, so a statement name would clash across them.
      namedStatements: !embedded,
      log,
    });
    const client = prisma;
    await client.$queryRawUnsafe("SELECT 1"); // fail here, with context, rather than on the first request

    log.info("database ready", {
      mode,
      target,
      ...(embedded ? { dataDir: embedded.dataDir, created: embedded.created } : {}),
      appliedMigrations,
      openMs: Math.round(performance.now() - startedAt),
    });

    let closing: Promise<void> | undefined;
    return {
      prisma: client,
      mode,
      connectionString,
      appliedMigrations,
      ping: (timeoutMs = 2000) => ping(client, timeoutMs),
      close: () => (closing ??= closeAll(client, embedded, log, mode)),
    };
  } catch (error) {
    await prisma?.$disconnect().catch(() => {});
    await embedded?.stop().catch(() => {});
    const where = databaseUrl ? redactConnectionString(databaseUrl) : `embedded database in ${options.dataDir}`;
    log.error("database failed to open", { mode, target: where, error: errorMessage(error) });
    throw error;
  }
}

async function ping(prisma: PrismaClient, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = prisma.$queryRawUnsafe("SELECT 1").then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function closeAll(
  prisma: PrismaClient,
  embedded: EmbeddedPostgres | undefined,
  log: DbLogger,
  mode: DatabaseMode,
): Promise<void> {
  const problems: string[] = [];
  try {
    await prisma.$disconnect();
  } catch (error) {
    problems.push(`prisma: ${errorMessage(error)}`);
  }
  try {
    await embedded?.stop();
  } catch (error) {
    problems.push(errorMessage(error));
  }
  if (problems.length > 0) throw new Error(`Database did not close cleanly: ${problems.join("; ")}`);
  log.info("database closed", { mode });
}
