/**
 * Which node holds each session's write lease, read from the database (Session.ownerNode / ownerEpoch /
 * leaseUntil, issue 11). Null when the schema has no lease columns (a server from before the cluster core).
 */
import pg from "pg";

export type Lease = { node: string | null; epoch: number; live: boolean };

export async function readLeases(databaseUrl: string, sessionIds: readonly string[]): Promise<Map<string, Lease> | null> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000, query_timeout: 10_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; ownerNode: string | null; ownerEpoch: number; live: boolean | null }>(
      `SELECT id, "ownerNode", "ownerEpoch", "leaseUntil" > now() AS live FROM "Session" WHERE id = ANY($1)`,
      [sessionIds],
    );
    return new Map(rows.map((r) => [r.id, { node: r.ownerNode, epoch: r.ownerEpoch, live: r.live === true }]));
  } catch (error) {
    if (error instanceof pg.DatabaseError && error.code === "42703") return null; // undefined column: no leases yet
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
