import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/database";
import { EventStore } from "@/lib/db/event-store";
import type { Ack } from "@/lib/protocol";
import type { StoredEvent } from "@/lib/session";
import { createLogger } from "@/server/logger";
import { ScoringPool } from "@/server/scoring/scoring-pool";
import { hashToken, newPlayerId, newToken } from "@/server/sessions/secrets";
import { SessionHub } from "@/server/sessions/session-hub";
import type { SessionRoom } from "@/server/sessions/session-room";
import { useTempDataDir, useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, type Student } from "../helpers/lesson";
import { connectClient, request, type TestSocket } from "../helpers/socket-client";

/** The real store, except that any write carrying one chosen player's event fails (as a bad string would in PostgreSQL). */
class PoisonedStore extends EventStore {
  readonly poisoned = new Set<string>();
  failedWrites = 0;
  override async append(...args: Parameters<EventStore["append"]>): Promise<void> {
    const events: readonly StoredEvent[] = args[2];
    if (events.some((e) => "playerId" in e.event && this.poisoned.has(String(e.event.playerId)))) {
      this.failedWrites++;
      throw new Error("simulated: the database refused this batch");
    }
    return super.append(...args);
  }
}

describe("a batch whose write fails is retried without the command that broke it", () => {
  const dataDir = useTempDataDir();
  let database: Database;
  let store: PoisonedStore;
  let scoring: ScoringPool;
  let hub: SessionHub;
  let room: SessionRoom;
  const log = createLogger("silent");

  const join = async (nickname: string) => {
    const id = newPlayerId();
    const ack = await room.enqueue({ kind: "join", player: { id, nickname, nicknameKey: nickname.toLowerCase(), tokenHash: hashToken(newToken()) } });
    expect(ack.ok).toBe(true);
    return id;
  };

  beforeAll(async () => {
    database = await openDatabase({ dataDir: dataDir.path, log });
    store = new PoisonedStore(database.prisma);
    scoring = new ScoringPool(log);
    hub = new SessionHub({ store, log, scoring, publicUrl: "http://class.test", maxPlayers: 1000 });
    const created = await hub.create({ config: { scenario: "one-weight", seed: 1 } }, {});
    room = (await hub.get(created.sessionId))!;
  });
  afterAll(async () => {
    await hub?.close();
    await scoring?.close();
    await database?.close();
  });

  it("commits and acks every bystander's guess and the host's round:close; only the poisoned player's fail", async () => {
    const honest = await Promise.all(Array.from({ length: 10 }, (_, i) => join(`honest ${i}`)));
    const poisoned = await join("poisoned");
    expect((await room.enqueue({ kind: "host", name: "round:open", payload: undefined })).ok).toBe(true);
    store.poisoned.add(poisoned);

    // All queued at once, so everything after the first lands in one batch with the poisoned guesses in the middle.
    const acks: Promise<Ack<object>>[] = [];
    const honestAcks: Promise<Ack<object>>[] = [];
    const poisonedAcks: Promise<Ack<object>>[] = [];
    for (let wave = 0; wave < 3; wave++) {
      for (const [i, id] of honest.entries()) {
        const ack = room.enqueue({ kind: "guess", playerId: id, alpha: 0.01 * (i + 1) + wave * 0.1 });
        honestAcks.push(ack);
        acks.push(ack);
        if (i === 4) {
          const bad = room.enqueue({ kind: "guess", playerId: poisoned, alpha: 0.5 });
          poisonedAcks.push(bad);
          acks.push(bad);
        }
      }
    }
    const close = room.enqueue({ kind: "host", name: "round:close", payload: undefined });

    expect((await Promise.all(honestAcks)).filter((a) => !a.ok)).toEqual([]);
    expect(await close).toMatchObject({ ok: true, round: 1 });
    for (const bad of await Promise.all(poisonedAcks)) expect(bad).toMatchObject({ ok: false, code: "UNAVAILABLE" });
    expect(store.failedWrites).toBeGreaterThan(0);

    // Durable, not just acked: the log holds the last honest guess of each student and the closing event, in order.
    const loaded = (await store.load(room.id))!;
    const types = loaded.events.map((e) => e.event.type);
    expect(types.at(-1)).toBe("round.closed");
    const guesses = loaded.events.filter((e) => e.event.type === "guess.submitted");
    expect(guesses).toHaveLength(30);
    expect(guesses.some((e) => "playerId" in e.event && e.event.playerId === poisoned)).toBe(false);
    const closed = loaded.events.at(-1)!.event;
    if (closed.type !== "round.closed") throw new Error("expected round.closed");
    expect(room.snapshot.rounds[0].guesses.size).toBe(10);
    expect(room.snapshot.seq).toBe(loaded.events.length);
  });
});

describe("lone-surrogate nickname spam from 3 sockets cannot fail other people's commands", () => {
  const server = useTestServer();

  it("answers the spam INVALID_PAYLOAD and commits all 30 honest guesses and the host's round:close", async () => {
    const created = await createSession(server.url, { config: { scenario: "one-weight", seed: 2 } });
    const host = await attachHost(server.url, created);
    const students: Student[] = [];
    for (let i = 0; i < 10; i++) students.push(await joinStudent(server.url, created.joinCode, `student ${i}`));
    expect((await host.send("round:open", {})).ok).toBe(true);

    const spammers: TestSocket[] = await Promise.all([0, 1, 2].map(() => connectClient(server.url)));
    let spamming = true;
    const spamAcks: { ok: boolean; code?: string }[] = [];
    const spam = spammers.map(async (socket, s) => {
      for (let n = 0; spamming && n < 40; n++) {
        // Every shape of unstorable text: a lone high half, a lone low half, a NUL.
        const nickname = [`\uD800bot${s}-${n}`, `bot\uDC00${s}-${n}`, `bot\u0000${s}-${n}`][n % 3];
        spamAcks.push(await request(socket, "player:join", { code: created.joinCode, nickname }));
      }
    });
    const honest = students.flatMap((s, i) => [0, 1, 2].map((k) => s.send("guess:submit", { alpha: 0.01 * (i + 1) + 0.2 * k })));
    const honestAcks = await Promise.all(honest);
    const close = await host.send("round:close", {});
    spamming = false;
    await Promise.all(spam);

    expect(honestAcks.filter((a) => !a.ok)).toEqual([]);
    expect(close).toMatchObject({ ok: true, round: 1 });
    expect(spamAcks.length).toBeGreaterThan(0);
    for (const ack of spamAcks) expect(ack).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
    const view = await host.views.waitFor((v) => v.players.length === 10 && v.round?.status === "closed");
    expect(view.players).toHaveLength(10);
    for (const socket of [host.socket, ...spammers, ...students.map((s) => s.socket)]) socket.close();
  });
});
