/**
 * Group commit against one append per session: N sessions each receive commands at a steady rate (a guess with its
 * idempotency receipt), and, like a SessionRoom, write whatever is queued as one batch whenever their previous append
 * has returned. Reports statements per second, batch-append latency and command acknowledgement latency (arrival →
 * append resolved) with the plain EventStore and with GroupCommitLog, on the embedded database and on PostgreSQL.
 *
 * Run: npx tsx bench/group-commit.ts [--sessions 50] [--rate 20] [--seconds 3] [--db embedded,postgres]
 *        [--mode plain,group] [--in-flight 1,2] [--filler 2000] [--max-rows 1000]
 * PostgreSQL needs TEST_DATABASE_URL (a server that allows CREATE DATABASE; a scratch database is made and dropped).
 */
import { parseArgs } from "node:util";
import { openDatabase, type Database } from "@/lib/db/database";
import { EventStore, type PreparedAppend } from "@/lib/db/event-store";
import { GROUP_DEFAULTS, GroupCommitLog } from "@/lib/db/group-commit";
import { silentDbLogger } from "@/lib/db/logger";
import { parseConfig } from "@/lib/engine";
import { SessionRulesSchema } from "@/lib/protocol";
import type { StoredEvent } from "@/lib/session";
import type { EventLog } from "@/lib/session/event-log";
import { seededRandom, stats } from "./load/numbers";
import { createScratchPostgresDatabase, createTempDataDir } from "../tests/helpers/database";

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "50" },
    rate: { type: "string", default: "20" },
    seconds: { type: "string", default: "3" },
    db: { type: "string", default: "embedded,postgres" },
    mode: { type: "string", default: "plain,group" },
    "in-flight": { type: "string", default: "1" },
    filler: { type: "string", default: "2000" },
    "max-rows": { type: "string", default: String(GROUP_DEFAULTS.maxRows) },
  },
});
const SESSIONS = Number(values.sessions);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const FILLER = Number(values.filler);
const MAX_ROWS = Number(values["max-rows"]);
for (const [name, value] of Object.entries({ sessions: SESSIONS, rate: RATE, seconds: SECONDS, filler: FILLER, "max-rows": MAX_ROWS }))
  if (!Number.isFinite(value) || value < (name === "filler" ? 0 : 1)) throw new Error(`--${name} must be a number (got ${String(values[name as keyof typeof values])})`);
const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

/** Counts statements: one per append, one per group (plus the one-by-one retries of a failed group). */
class CountingStore extends EventStore {
  statements = 0;
  groupSizes: number[] = [];
  override append(...args: Parameters<EventStore["append"]>) {
    this.statements++;
    return super.append(...args);
  }
  statementMs: number[] = [];
  groupRows: number[] = [];
  override async appendMany(batches: readonly PreparedAppend[]) {
    this.statements++;
    this.groupSizes.push(batches.length);
    this.groupRows.push(batches.reduce((n, b) => n + b.rows, 0));
    const started = performance.now();
    try {
      return await super.appendMany(batches);
    } finally {
      this.statementMs.push(performance.now() - started);
    }
  }
}

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const config = parseConfig({ scenario: "one-weight", seed: 1 });
const rules = SessionRulesSchema.parse({});

async function openBackend(kind: string): Promise<{ database: Database; dispose(): Promise<void> }> {
  if (kind === "embedded") {
    const dir = await createTempDataDir("bl-gc-");
    const database = await openDatabase({ dataDir: dir.path, log: silentDbLogger });
    return { database, dispose: async () => (await database.close(), await dir.remove()) };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("--db postgres needs TEST_DATABASE_URL");
  const scratch = await createScratchPostgresDatabase(base);
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir: "unused", log: silentDbLogger });
  return { database, dispose: async () => (await database.close(), await scratch.drop()) };
}

type Result = {
  commands: number;
  statements: number;
  wallMs: number;
  ack: number[];
  append: number[];
  groups: number[];
  groupRows: number[];
  statementMs: number[];
  errors: number;
};

async function run(kind: string, mode: string, inFlight: number): Promise<Result> {
  const { database, dispose } = await openBackend(kind);
  try {
    const store = new CountingStore(database.prisma);
    const created = (): StoredEvent => ({ seq: 1, at: T0, event: { type: "session.created", config, rules, maxPlayers: 50 } });
    // Sessions that are not playing, so the table is not trivially small for the planner.
    for (let i = 0; i < FILLER; i += 200)
      await database.prisma.$executeRaw`
        INSERT INTO "Session" ("id", "joinCode", "hostTokenHash", "config", "lastSeq", "updatedAt")
        SELECT 'filler-' || g, 'F' || g, 'h', '{}'::jsonb, 1, now() FROM generate_series(${i}::int, ${Math.min(FILLER, i + 200) - 1}::int) AS g`;
    const ids = Array.from({ length: SESSIONS }, (_, i) => `bench-${i}`);
    for (const [i, id] of ids.entries()) await store.createSession({ id, joinCode: `B${i}`, hostTokenHash: "h" }, created());
    store.statements = 0;
    const log: EventLog = mode === "group" ? new GroupCommitLog(store, { maxInFlight: inFlight, maxRows: MAX_ROWS }) : store;

    const ack: number[] = [];
    const append: number[] = [];
    let errors = 0;
    let commands = 0;
    const rooms = ids.map((id) => ({ id, seq: 1, queue: [] as number[], busy: false, n: 0 }));
    const flush = async (room: (typeof rooms)[number]): Promise<void> => {
      room.busy = true;
      while (room.queue.length > 0) {
        const arrivals = room.queue.splice(0);
        const events: StoredEvent[] = arrivals.map((_, i) => ({
          seq: room.seq + 1 + i,
          at: T0 + room.seq + i,
          event: { type: "guess.submitted", round: 1, playerId: `${room.id}-p${(room.n + i) % 20}`, alpha: 0.05 },
        }));
        const receipts = events.map((e, i) => ({ key: `${room.id}-p${(room.n + i) % 20}:${room.n + i}`, response: { ok: true }, seq: e.seq }));
        const started = performance.now();
        try {
          await log.append(room.id, room.seq, events, { status: "live", roundDeadline: null, receipts });
          room.seq += events.length;
          room.n += events.length;
          const done = performance.now();
          append.push(done - started);
          for (const at of arrivals) ack.push(done - at);
        } catch {
          errors += arrivals.length;
        }
      }
      room.busy = false;
    };
    const random = seededRandom(7);
    const started = performance.now();
    const finished: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      let open = rooms.length;
      for (const room of rooms) {
        // Each session's commands are evenly spaced, from a random phase: arrivals of all sessions interleave.
        const offset = random() * (1000 / RATE);
        let sent = 0;
        const total = Math.round(RATE * SECONDS);
        const tick = () => {
          room.queue.push(performance.now());
          commands++;
          sent++;
          if (!room.busy) finished.push(flush(room));
          if (sent < total) setTimeout(tick, started + offset + (sent * 1000) / RATE - performance.now());
          else if (--open === 0) resolve();
        };
        setTimeout(tick, offset);
      }
    });
    await Promise.all(finished);
    while (rooms.some((r) => r.busy || r.queue.length > 0)) await new Promise((r) => setTimeout(r, 5));
    const wallMs = performance.now() - started;
    if (log instanceof GroupCommitLog) await log.close();
    const check = await database.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "SessionEvent" WHERE "sessionId" LIKE 'bench-%'`;
    const written = Number(check[0].n) - SESSIONS;
    if (written !== commands - errors) throw new Error(`wrote ${written} events for ${commands - errors} acknowledged commands`);
    return { commands, statements: store.statements, wallMs, ack, append, groups: store.groupSizes, groupRows: store.groupRows, statementMs: store.statementMs, errors };
  } finally {
    await dispose();
  }
}

const fmt = (n: number | undefined) => (n === undefined ? "-" : n.toFixed(1));
console.log(`${SESSIONS} sessions × ${RATE} commands/s for ${SECONDS} s (${FILLER} idle sessions in the table)`);
console.log(
  "db        mode   inFlight  commands  statements  stmt/s   group avg  append p50/p99 ms   ack p50/p99 ms   errors  group rows max, statement p50/p99 ms",
);
for (const kind of list(values.db)) {
  for (const mode of list(values.mode)) {
    for (const inFlight of mode === "group" ? list(values["in-flight"]).map(Number) : [1]) {
      const r = await run(kind, mode, inFlight);
      const a = stats(r.append);
      const k = stats(r.ack);
      const avg = r.groups.length ? r.groups.reduce((x, y) => x + y, 0) / r.groups.length : 1;
      console.log(
        [
          kind.padEnd(9),
          mode.padEnd(6),
          String(mode === "group" ? inFlight : "-").padEnd(9),
          String(r.commands).padEnd(9),
          String(r.statements).padEnd(11),
          fmt((r.statements * 1000) / r.wallMs).padEnd(8),
          fmt(avg).padEnd(10),
          `${fmt(a?.p50)} / ${fmt(a?.p99)}`.padEnd(19),
          `${fmt(k?.p50)} / ${fmt(k?.p99)}`.padEnd(16),
          String(r.errors).padEnd(7),
          r.groups.length ? `${Math.max(...r.groupRows)}, ${fmt(stats(r.statementMs)?.p50)} / ${fmt(stats(r.statementMs)?.p99)}` : "",
        ].join(" "),
      );
    }
  }
}
