import { afterAll, beforeAll } from "vitest";
import pg from "pg";
import { createScratchPostgresDatabase, postgresSkipReason, postgresTestUrl, reportSkip, type ScratchDatabase } from "../../helpers/database";
import { redisServerSkipReason, startCluster, startPrivateRedis, stopAll, type ClusterNode, type PrivateRedis } from "./cluster";

/** Why the cluster suites cannot run here (printed once), or undefined. */
export function clusterSkipReason(): string | undefined {
  const reason = postgresSkipReason() ?? redisServerSkipReason();
  return reason ? reportSkip(`cluster tests: ${reason}`) : undefined;
}

export type ClusterFixture = {
  readonly nodes: ClusterNode[];
  readonly databaseUrl: string;
  readonly redis: PrivateRedis;
  /** The node id holding the session's write lease, as PostgreSQL says. */
  ownerOf(sessionId: string): Promise<{ node: string | null; epoch: number }>;
  node(id: string): ClusterNode;
};

/** A scratch database, a private Redis and nodes `ids`, for one test file. */
export function useCluster(ids: readonly string[], env: Record<string, string> = {}): ClusterFixture {
  let database: ScratchDatabase;
  let redis: PrivateRedis;
  let nodes: ClusterNode[] = [];
  beforeAll(async () => {
    database = await createScratchPostgresDatabase(postgresTestUrl()!);
    redis = await startPrivateRedis();
    nodes = await startCluster({ ids, databaseUrl: database.url, redisUrl: redis.url, env });
  }, 180_000);
  afterAll(async () => {
    await stopAll(nodes);
    await redis?.stop();
    await database?.drop();
  }, 60_000);
  return {
    get nodes() {
      return nodes;
    },
    get databaseUrl() {
      return database.url;
    },
    get redis() {
      return redis;
    },
    node: (id) => nodes.find((n) => n.id === id)!,
    async ownerOf(sessionId) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ ownerNode: string | null; ownerEpoch: number }>(
          `SELECT "ownerNode", "ownerEpoch" FROM "Session" WHERE "id" = $1`,
          [sessionId],
        );
        return { node: rows[0]?.ownerNode ?? null, epoch: rows[0]?.ownerEpoch ?? 0 };
      } finally {
        await client.end();
      }
    },
  };
}
