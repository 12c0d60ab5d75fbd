import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "@/lib/engine";
import { SessionRulesSchema, type Ack, type HostPatch, type RoundProgress, type StudentView } from "@/lib/protocol";
import { foldEvents, HostViewCopy, scoreRound, type RoundScoringInput, type SessionState, type StoredEvent } from "@/lib/session";
import type { NewPlayerRow } from "@/lib/session/event-log";
import { MemoryEventLog } from "@/lib/session/memory-event-log";
import { createLogger } from "@/server/logger";
import { ScoringPool } from "@/server/scoring/scoring-pool";
import { SessionHub } from "@/server/sessions/session-hub";
import { PreEncoded } from "@/server/realtime/pre-encoded";
import { SessionRoom, type ViewSink } from "@/server/sessions/session-room";

/**
 * SessionRoom on the in-memory log: the command loop (ack after append, batching, conflict retries, bisecting a
 * failed write) and what reaches the screens, with a fake clock and an inline scorer. No database, no sockets, no
 * real timers; tests/security/live-batch-isolation.test.ts keeps the same isolation check on the real store.
 */

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const SESSION = "room-memory";
const JOIN_CODE = "MEM123";

/** `payload` as the client receives it (pre-encoded text decoded); `raw` as the room handed it over. */
type Sent = { event: string; payload: unknown; raw: unknown };

/** A screen: records what the room sends it. */
class FakeSink implements ViewSink {
  readonly sent: Sent[] = [];
  constructor(readonly id: string) {}
  emit(event: string, payload: unknown): boolean {
    this.sent.push({ event, payload: payload instanceof PreEncoded ? JSON.parse(payload.json) : payload, raw: payload });
    return true;
  }
  raw(event: string): unknown[] {
    return this.sent.filter((s) => s.event === event).map((s) => s.raw);
  }
  of<T>(event: string): T[] {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload as T);
  }
  clear(): void {
    this.sent.length = 0;
  }
}

const player = (id: string): NewPlayerRow => ({ id, nickname: id, nicknameKey: id.toLowerCase(), tokenHash: `hash-of-${id}` });
const playerIdOf = (e: StoredEvent) => ("playerId" in e.event ? e.event.playerId : undefined);

describe("SessionRoom on the in-memory event log", () => {
  let log: MemoryEventLog;
  let room: SessionRoom;
  let scored: RoundScoringInput[];

  async function openRoom(): Promise<SessionRoom> {
    const config = parseConfig({ scenario: "one-weight", seed: 1 });
    await log.createSession(
      { id: SESSION, joinCode: JOIN_CODE, hostTokenHash: "host-hash" },
      { seq: 1, at: Date.now(), event: { type: "session.created", config, rules: SessionRulesSchema.parse({}), maxPlayers: 100 } },
    );
    const loaded = (await log.load(SESSION))!;
    return new SessionRoom(SESSION, JOIN_CODE, "host-hash", foldEvents(loaded.events), loaded.playerTokens, "http://class.test", {
      store: log,
      log: createLogger("silent"),
      now: () => Date.now(),
      // The scorer the server runs inline for small rounds, counted, so tests see when a round was scored.
      score: async (state: SessionState, input: RoundScoringInput) => {
        scored.push(input);
        return scoreRound(state.engine, input);
      },
      newSeed: () => 42,
      guessesPerRound: 60,
    });
  }

  const join = async (id: string) => expect(await room.enqueue({ kind: "join", player: player(id) })).toMatchObject({ ok: true, playerId: id });
  const openRound = async () => expect(await room.enqueue({ kind: "host", name: "round:open", payload: undefined })).toMatchObject({ ok: true });
  const guess = (playerId: string, alpha: number, from?: string) => room.enqueue({ kind: "guess", playerId, alpha, from });
  const committedGuesses = () =>
    log.committed.flatMap((b) => b.events).filter((e) => e.event.type === "guess.submitted").map((e) => [playerIdOf(e), "alpha" in e.event && e.event.alpha]);

  beforeEach(async () => {
    // Fake timers and clock: view flushes (100 ms, 1 s) and round deadlines run when the test says, not in real time.
    vi.useFakeTimers({ now: T0, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    log = new MemoryEventLog();
    scored = [];
    room = await openRoom();
  });
  afterEach(async () => {
    await room.close();
    vi.useRealTimers();
  });

  it("acknowledges a command only once its events are in the log, and not at all when the write fails", async () => {
    let acked = false;
    let appendedBeforeAck: boolean | undefined;
    log.beforeNextAppend(() => {
      appendedBeforeAck = !acked;
    });
    const ack = room.enqueue({ kind: "join", player: player("ann") });
    void ack.then(() => {
      acked = true;
    });
    expect(await ack).toMatchObject({ ok: true, playerId: "ann" });
    expect(appendedBeforeAck).toBe(true);
    expect((await log.load(SESSION))!.events.map((e) => e.event.type)).toEqual(["session.created", "player.joined"]);

    // A refused write: the join is not acknowledged, the room's state rolls back to the log, and a retry succeeds.
    log.failNextAppend();
    expect(await room.enqueue({ kind: "join", player: player("ben") })).toMatchObject({ ok: false, code: "UNAVAILABLE" });
    expect(room.seq).toBe(2);
    expect(room.snapshot.players.has("ben")).toBe(false);
    expect(room.playerIdForToken("hash-of-ben")).toBeUndefined();
    await join("ben");
    expect(room.playerIdForToken("hash-of-ben")).toBe("ben");
    expect(room.seq).toBe(3);
  });

  it("writes a burst of guesses that arrives during a write as one batch, in arrival order", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
    for (const id of ids) await join(id);
    await openRound();
    const before = log.committed.length;
    // The first guess's write is held open; the other twenty arrive meanwhile, and all wait for the next batch.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let writing!: () => void;
    const inWrite = new Promise<void>((resolve) => (writing = resolve));
    log.beforeNextAppend(async () => {
      writing();
      await held;
    });
    const firstAck = guess("s0", 0.5);
    await inWrite;
    const acks = [firstAck, ...ids.map((id, i) => guess(id, 0.01 * (i + 1)))];
    release();
    expect((await Promise.all(acks)).filter((a) => !a.ok)).toEqual([]);
    const batches = log.committed.slice(before);
    expect(batches.map((b) => b.events.length)).toEqual([1, 20]);
    expect(batches[1].expectedSeq).toBe(batches[0].events[0].seq);
    expect(batches[1].events.map(playerIdOf)).toEqual(ids);
    expect(batches[1].events.map((e) => e.seq)).toEqual(ids.map((_, i) => batches[0].events[0].seq + 1 + i));
    // s0 changed its mind within the round: the later guess is the one that counts.
    expect(room.snapshot.rounds[0].guesses.get("s0")?.alpha).toBe(0.01);
  });

  it("reloads and decides again when another writer appended first, keeping both writers' events", async () => {
    await join("ann");
    await openRound();
    // Another server admits a player between this room's fold and its write.
    log.beforeNextAppend(async (attempt) => {
      const rival: StoredEvent = { seq: attempt.expectedSeq + 1, at: Date.now(), event: { type: "player.joined", playerId: "rival", nickname: "rival" } };
      await log.append(attempt.sessionId, attempt.expectedSeq, [rival], { newPlayers: [player("rival")], status: "live", roundDeadline: null });
    });
    expect(await guess("ann", 0.2)).toMatchObject({ ok: true });
    const events = (await log.load(SESSION))!.events;
    expect(events.slice(-2).map((e) => [e.seq, e.event.type, playerIdOf(e)])).toEqual([
      [4, "player.joined", "rival"],
      [5, "guess.submitted", "ann"],
    ]);
    expect(room.seq).toBe(5);
    expect(room.snapshot.players.has("rival")).toBe(true);
    expect(room.playerIdForToken("hash-of-rival")).toBe("rival");
  });

  it("gives up with UNAVAILABLE after a bounded number of conflicts, leaving the rival's log intact", async () => {
    await join("ann");
    let rivalWrites = 0;
    let writingRival = false;
    const stop = log.interceptAppends(async (attempt) => {
      if (writingRival) return;
      writingRival = true;
      try {
        const id = `rival${rivalWrites}`;
        const rival: StoredEvent = { seq: attempt.expectedSeq + 1, at: Date.now(), event: { type: "player.joined", playerId: id, nickname: id } };
        await log.append(attempt.sessionId, attempt.expectedSeq, [rival], { newPlayers: [player(id)], status: "lobby", roundDeadline: null });
        rivalWrites++;
      } finally {
        writingRival = false;
      }
    });
    expect(await room.enqueue({ kind: "join", player: player("ben") })).toMatchObject({ ok: false, code: "UNAVAILABLE" });
    stop();
    expect(rivalWrites).toBe(4);
    expect(room.snapshot.players.has("ben")).toBe(false);
    expect(room.snapshot.players.has("rival3")).toBe(true);
    expect(room.seq).toBe((await log.load(SESSION))!.events.length);
    await join("ben");
  });

  it("isolates the command whose write fails: every other command in the burst commits, in order", async () => {
    const honest = Array.from({ length: 10 }, (_, i) => `honest${i}`);
    for (const id of [...honest, "poisoned"]) await join(id);
    await openRound();
    let failedWrites = 0;
    log.interceptAppends((attempt) => {
      if (attempt.events.some((e) => playerIdOf(e) === "poisoned")) {
        failedWrites++;
        throw new Error("simulated: the database refused this batch");
      }
    });
    const honestAcks: Promise<Ack<object>>[] = [];
    const poisonedAcks: Promise<Ack<object>>[] = [];
    const expected: [string, number][] = [];
    for (let wave = 0; wave < 3; wave++) {
      for (const [i, id] of honest.entries()) {
        const alpha = 0.01 * (i + 1) + wave * 0.1;
        honestAcks.push(guess(id, alpha));
        expected.push([id, alpha]);
        if (i === 4) poisonedAcks.push(guess("poisoned", 0.5));
      }
    }
    const close = room.enqueue({ kind: "host", name: "round:close", payload: undefined });

    expect((await Promise.all(honestAcks)).filter((a) => !a.ok)).toEqual([]);
    expect(await close).toMatchObject({ ok: true, round: 1 });
    for (const bad of await Promise.all(poisonedAcks)) expect(bad).toMatchObject({ ok: false, code: "UNAVAILABLE" });
    expect(failedWrites).toBeGreaterThan(1);
    expect(committedGuesses()).toEqual(expected);
    const events = (await log.load(SESSION))!.events;
    expect(events.at(-1)!.event.type).toBe("round.closed");
    expect(events.some((e) => e.event.type === "guess.submitted" && playerIdOf(e) === "poisoned")).toBe(false);
    expect(room.snapshot.rounds[0].guesses.size).toBe(10);
    expect(room.snapshot.rounds[0].guesses.has("poisoned")).toBe(false);
    expect(room.seq).toBe(events.length);
    // The committed close was scored on the committed guesses only (attempts that failed were thrown away with theirs).
    expect(scored.at(-1)!.guesses.map((g) => g.playerId).sort()).toEqual([...honest].sort());
  });

  it("sends player:kicked to every device of a removed player, and nothing more to them", async () => {
    await join("ann");
    await join("ben");
    const phone = new FakeSink("ann-phone");
    const laptop = new FakeSink("ann-laptop");
    const bens = new FakeSink("ben-phone");
    room.attachPlayer(phone, "ann");
    room.attachPlayer(laptop, "ann");
    room.attachPlayer(bens, "ben");
    expect(room.deviceCount("ann")).toBe(2);

    expect(await room.enqueue({ kind: "host", name: "player:kick", payload: { playerId: "ann" } })).toMatchObject({ ok: true, removed: 1 });
    for (const sink of [phone, laptop]) expect(sink.of("player:kicked")).toEqual([{ message: expect.stringContaining("removed you") }]);
    expect(bens.of("player:kicked")).toEqual([]);
    expect(room.deviceCount("ann")).toBe(0);

    phone.clear();
    await openRound();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(phone.sent).toEqual([]);
    expect(bens.of<StudentView>("player:view").at(-1)?.round?.status).toBe("open");
  });

  it("brings views to the host's and players' screens: snapshots, lock-in counts and a guess on the other device", async () => {
    const host = new FakeSink("host");
    const copy = new HostViewCopy();
    const first = copy.snapshot(room.attachHost(host));
    expect(first.players).toEqual([]);
    let seen = 0;
    /** Applies the patches the host got since the last call, as the console would. */
    const hostViews = () => host.of<HostPatch>("host:patch").slice(seen).map((patch) => (seen++, copy.receive(patch)));
    await join("ann");
    await join("ben");
    const annPhone = new FakeSink("ann-phone");
    const annLaptop = new FakeSink("ann-laptop");
    const bens = new FakeSink("ben-phone");
    expect(room.attachPlayer(annPhone, "ann")?.round).toBeNull();
    room.attachPlayer(annLaptop, "ann");
    room.attachPlayer(bens, "ben");

    // Host patches are throttled: none until the interval passes, then one showing both players online.
    expect(host.of("host:patch")).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(hostViews()).toHaveLength(1);
    const hostView = copy.view!;
    expect(hostView.players.map((p) => p.nickname).sort()).toEqual(["ann", "ben"]);

    // Opening a round changes every phone's screen at once.
    await openRound();
    for (const sink of [annPhone, annLaptop, bens]) expect(sink.of<StudentView>("player:view").at(-1)?.round?.status).toBe("open");
    // Handed over as text, encoded once per player: Ann's two devices get the very same text, Ben his own.
    const annsView = annPhone.raw("player:view").at(-1);
    expect(annsView).toBeInstanceOf(PreEncoded);
    expect(annLaptop.raw("player:view").at(-1)).toBe(annsView);
    expect(bens.raw("player:view").at(-1)).not.toBe(annsView);
    expect(bens.of<StudentView>("player:view").at(-1)?.me.playerId).toBe("ben");

    // A guess from the phone shows on the laptop (the phone has its ack); Ben's phone hears only the count, later.
    for (const sink of [annPhone, annLaptop, bens]) sink.clear();
    expect(await guess("ann", 0.05, "ann-phone")).toMatchObject({ ok: true });
    expect(annPhone.of("player:view")).toEqual([]);
    expect(annLaptop.of<StudentView>("player:view").at(-1)?.round?.myGuess).toBe(0.05);
    expect(bens.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(bens.of<RoundProgress>("round:progress")).toEqual([{ round: 1, count: 1, of: 2 }]);
    // One message for every phone, encoded once.
    for (const sink of [annPhone, annLaptop]) expect(sink.raw("round:progress")).toEqual([bens.raw("round:progress")[0]]);
    expect(annPhone.raw("round:progress")[0]).toBe(bens.raw("round:progress")[0]);
    expect(bens.of("player:view")).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(hostViews()).not.toContain("resync");
    expect(copy.view?.round?.status).toBe("open");
    expect(copy.view?.round?.guesses).toEqual([{ playerId: "ann", alpha: 0.05 }]);

    // Detached screens hear nothing more.
    room.detach(bens);
    bens.clear();
    expect(await room.enqueue({ kind: "host", name: "round:close", payload: undefined })).toMatchObject({ ok: true, round: 1 });
    expect(bens.sent).toEqual([]);
    expect(annLaptop.of<StudentView>("player:view").at(-1)?.round?.status).toBe("closed");
  });

  it("closes the round itself when its timer runs out on the fake clock", async () => {
    await join("ann");
    expect(await room.enqueue({ kind: "host", name: "round:open", payload: { timerSeconds: 30 } })).toMatchObject({ ok: true, deadline: T0 + 30_000 });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(room.snapshot.rounds[0].status).toBe("open");
    await vi.advanceTimersByTimeAsync(1);
    // The timer queued its close; a command queued behind it returns once the close is written.
    expect(await room.enqueue({ kind: "host", name: "session:lock", payload: { locked: false } })).toMatchObject({ ok: true });
    const last = (await log.load(SESSION))!.events.at(-1)!;
    expect(last.event).toMatchObject({ type: "round.closed", reason: "timer", round: 1 });
    expect(last.at).toBe(T0 + 30_000);
  });
});

describe("two hubs sharing one in-memory log (two servers, no database)", () => {
  it("serve the same session: each sees the other's writes, and a stale one reloads before it writes", async () => {
    const log = new MemoryEventLog();
    const silent = createLogger("silent");
    const scoring = new ScoringPool(silent);
    const hubs = [0, 1].map(() => new SessionHub({ store: log, log: silent, scoring, publicUrl: "http://class.test", maxPlayers: 100 }));
    try {
      const created = await hubs[0].create({ config: { scenario: "one-weight", seed: 3 } }, {});
      const first = (await hubs[0].findByJoinCode(created.joinCode))!;
      expect(await first.enqueue({ kind: "join", player: player("ann") })).toMatchObject({ ok: true });

      const second = (await hubs[1].get(created.sessionId))!;
      expect(second.playerIdForToken("hash-of-ann")).toBe("ann");
      expect(await second.enqueue({ kind: "join", player: player("ben") })).toMatchObject({ ok: true });

      // The first server has not heard of Ben: its write meets a conflict, it reloads, and both joins stand.
      expect(await first.enqueue({ kind: "join", player: player("cat") })).toMatchObject({ ok: true });
      const loaded = (await log.load(created.sessionId))!;
      expect(loaded.events.map((e) => playerIdOf(e) ?? e.event.type)).toEqual(["session.created", "ann", "ben", "cat"]);
      expect([...first.snapshot.players.keys()]).toEqual(["ann", "ben", "cat"]);
    } finally {
      await Promise.all(hubs.map((hub) => hub.close()));
      await scoring.close();
    }
  });
});
