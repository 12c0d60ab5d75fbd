/**
 * --database postgresql://…: each run gets a scratch database `bl_load_<time>_<random>` on that server (which must
 * allow CREATE DATABASE), so the bench never writes into an existing database; it is dropped after the run, and on
 * Ctrl-C or an error through the cleanup hooks of children.ts.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { registerCleanup } from "./children";

export type ScratchDatabase = { url: string; name: string; drop(): Promise<void> };

async function withClient<T>(baseUrl: string, task: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 5_000, query_timeout: 30_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function createScratchDatabase(baseUrl: string): Promise<ScratchDatabase> {
  const name = `bl_load_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withClient(baseUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= withClient(baseUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }));
  const unregister = registerCleanup(drop);
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await drop();
      unregister();
    },
  };
}
