import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  ColumnTypeEnum,
  bindMigrationAwareSqlAdapterFactory,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import * as engineGlue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type {
  DiagnoseMigrationHistoryOutput,
  DiffTarget,
  MigrationList,
  SchemaEngine,
} from "@prisma/schema-engine-wasm";
import { DEFAULT_MIGRATIONS_DIR, MIGRATION_LOCK_FILE, readMigrations } from "./migration-files";

/**
 * Prisma's schema engine, compiled to WebAssembly, driven through the official pg driver adapter. It is what
 * `prisma migrate dev` would use to compute migration SQL; the native engine the CLI wants cannot be downloaded here.
 * Development tooling only: used by scripts/create-migration.ts and by tests. Never import it from server code — its
 * packages (@prisma/schema-engine-wasm, @prisma/driver-adapter-utils) are devDependencies.
 */

export interface SchemaFile {
  path: string;
  content: string;
}

export interface SchemaDiff {
  /** The migration SQL, exactly as Prisma renders it. Empty string when there is nothing to do. */
  sql: string;
  empty: boolean;
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

let loaded: Promise<typeof engineGlue> | undefined;

/** The last Rust panic message from the engine; the glue reports panics to this global registry (as in Prisma's CLI). */
let lastPanicMessage: string | undefined;

function installPanicRegistry(): void {
  const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  holder.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message: string) => {
      lastPanicMessage = message;
    },
  };
}

/**
 * Instantiates the engine's wasm once per process. The package's own entry point imports the .wasm file as an ES
 * module, which Node 20 cannot do; this is the same wiring done by hand: instantiate with the glue module as the
 * import object, hand the exports back to the glue, run the start function.
 */
function loadEngine(): Promise<typeof engineGlue> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmFile = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm")), "schema_engine_bg.wasm");
    installPanicRegistry();
    const imports: WebAssembly.Imports = { "./schema_engine_bg.js": { ...engineGlue } };
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile), imports);
    engineGlue.__wbg_set_wasm(instance.exports);
    const start = instance.exports.__wbindgen_start;
    if (typeof start === "function") start();
    return engineGlue;
  })();
  return loaded;
}

/**
 * The engine's introspection queries return columns of PostgreSQL's internal one-byte "char" type (oid 18, e.g.
 * pg_class.relkind, pg_constraint.contype). adapter-pg does not map that type at all ("Column type 'char' could not be
 * deserialized"), and the engine reads those columns as Character values (it panics on Text). So, on the engine's
 * single connection, we relabel oid 18 as text for adapter-pg (the values are already one-character strings) and
 * remember which columns they were; the adapter wrapper below then reports them to the engine as Character.
 */
interface CharColumns {
  names: string[];
  charIndexes: number[];
}

function createEnginePool(connectionString: string, lastRowDescription: { value?: CharColumns }): pg.Pool {
  // One connection: the row description we record is then always the one of the query being answered.
  const pool = new pg.Pool({ connectionString, max: 1 });
  pool.on("connect", (client) => {
    client.connection.prependListener("rowDescription", (message: unknown) => {
      const fields = (message as { fields?: unknown } | null)?.fields;
      if (!Array.isArray(fields)) return;
      const charIndexes: number[] = [];
      (fields as Array<{ dataTypeID?: unknown }>).forEach((field, index) => {
        if (field.dataTypeID === PG_CHAR_OID) {
          field.dataTypeID = PG_TEXT_OID;
          charIndexes.push(index);
        }
      });
      const names = (fields as Array<{ name?: unknown }>).map((field) => String(field.name));
      lastRowDescription.value = { names, charIndexes };
    });
  });
  pool.on("error", () => {}); // an idle client dying is reported by the next query
  return pool;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** Wraps adapter-pg so that queryRaw results carry ColumnType Character for the "char" columns recorded above. */
function charAwareFactory(
  inner: PrismaPg,
  lastRowDescription: { value?: CharColumns },
): SqlMigrationAwareDriverAdapterFactory {
  const fix = <T extends SqlQueryable>(queryable: T): T =>
    new Proxy(queryable, {
      get(target, property) {
        if (property === "queryRaw") {
          return async (query: SqlQuery): Promise<SqlResultSet> => {
            lastRowDescription.value = undefined;
            const result = await target.queryRaw(query);
            // Read through a cast: TypeScript does not see that the awaited query updated the holder.
            const described = lastRowDescription.value as CharColumns | undefined;
            if (!described || described.charIndexes.length === 0) return result;
            if (described.names.join("\u0000") !== result.columnNames.join("\u0000")) {
              throw new Error("schema engine adapter: row description does not match the result it should describe");
            }
            const columnTypes = [...result.columnTypes];
            for (const index of described.charIndexes) columnTypes[index] = ColumnTypeEnum.Character;
            return { ...result, columnTypes };
          };
        }
        if (property === "startTransaction" && "startTransaction" in target) {
          const adapter = target as unknown as SqlDriverAdapter;
          return async (isolationLevel?: IsolationLevel) => fix(await adapter.startTransaction(isolationLevel));
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => fix(await inner.connect()),
    connectToShadowDb: async () => fix(await inner.connectToShadowDb()),
  };
}

async function withEngine<T>(
  schema: SchemaFile,
  connectionString: string,
  task: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadEngine();
  const lastRowDescription: { value?: CharColumns } = {};
  const pool = createEnginePool(connectionString, lastRowDescription);
  const factory = charAwareFactory(new PrismaPg(pool, { schema: "public" }), lastRowDescription);
  const engineLogs: string[] = [];
  let engine: SchemaEngine;
  try {
    // The engine connects here already, so an unreachable database fails this call.
    engine = await glue.SchemaEngine.new(
      { datamodels: [[schema.path, schema.content]] },
      (line: string) => engineLogs.push(line),
      bindMigrationAwareSqlAdapterFactory(factory),
    );
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`Prisma schema engine could not start: ${describe(error)}`, { cause: error });
  }
  try {
    return await task(engine);
  } catch (error) {
    const panic = lastPanicMessage ? ` (engine panic: ${lastPanicMessage})` : "";
    lastPanicMessage = undefined;
    const engineErrors = engineLogs.filter((line) => line.includes('"level":"ERROR"')).slice(-3);
    const logged = engineErrors.length ? `\nengine log:\n${engineErrors.join("")}` : "";
    throw new Error(`Prisma schema engine: ${describe(error)}${panic}${logged}`, { cause: error });
  } finally {
    engine.free();
    await pool.end().catch(() => {});
  }
}

async function diff(engine: SchemaEngine, from: DiffTarget, to: SchemaFile): Promise<SchemaDiff> {
  const result = await engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [to] },
    script: true,
    exitCode: true, // 2 = there are changes, 0 = none
    filters: NO_FILTERS,
  });
  const empty = result.exitCode === 0;
  return { sql: empty ? "" : (result.stdout ?? ""), empty };
}

/**
 * SQL that takes the database at `connectionString` (its live schema) to `schema` — what `prisma migrate dev` computes
 * after replaying the migrations into its shadow database. `_prisma_migrations` is ignored by the engine.
 */
export function diffDatabaseToSchema(connectionString: string, schema: SchemaFile): Promise<SchemaDiff> {
  return withEngine(schema, connectionString, (engine) =>
    diff(engine, { tag: "schemaDatasource", files: [schema], configDir: process.cwd() }, schema),
  );
}

/** This repository's Prisma schema. */
export function readDefaultSchema(): SchemaFile {
  const file = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
  return { path: "schema.prisma", content: fs.readFileSync(file, "utf8") };
}

async function migrationList(migrationsDir: string): Promise<MigrationList> {
  const lockPath = path.join(migrationsDir, MIGRATION_LOCK_FILE);
  return {
    baseDir: migrationsDir,
    lockfile: { path: MIGRATION_LOCK_FILE, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: (await readMigrations(migrationsDir)).map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.script } },
    })),
  };
}

/**
 * Prisma's own verdict on the database's migration history (`prisma migrate status`, without a shadow database):
 * edited and failed migrations, and whether the database is behind. Used by tests as an independent check that
 * lib/db/migrate.ts records migrations the way Prisma Migrate reads them.
 */
export async function prismaMigrationStatus(
  connectionString: string,
  migrationsDir = DEFAULT_MIGRATIONS_DIR,
  schema: SchemaFile = readDefaultSchema(),
): Promise<DiagnoseMigrationHistoryOutput> {
  const migrationsList = await migrationList(migrationsDir);
  return withEngine(schema, connectionString, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS }),
  );
}

/**
 * What `prisma migrate deploy` does, run by Prisma's engine itself; returns the names it applied. Not used at run
 * time (lib/db/migrate.ts is, with clearer errors and transactional migrations); tests use it to show that a
 * database migrated by our runner leaves Prisma nothing to do.
 */
export async function prismaDeploy(
  connectionString: string,
  migrationsDir = DEFAULT_MIGRATIONS_DIR,
  schema: SchemaFile = readDefaultSchema(),
): Promise<string[]> {
  const migrationsList = await migrationList(migrationsDir);
  const output = await withEngine(schema, connectionString, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  return output.appliedMigrationNames;
}

/** The message of the engine's last Rust panic, if any: a panic surfaces as an uncaught "unreachable" trap. */
export function lastSchemaEnginePanic(): string | undefined {
  return lastPanicMessage;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
  return String(error);
}
