import { describe, expect, it } from "vitest";
import type { AppendOutcome, PreparedAppend } from "@/lib/db/event-store";
import { GroupCommitLog, type GroupAppendStore } from "@/lib/db/group-commit";
import type { StoredEvent } from "@/lib/session";
import { ConcurrencyError, type AppendExtras } from "@/lib/session/event-log";

/**
 * How the group committer forms and sends groups, against a store whose statements the test finishes by hand: what
 * is queued while a statement runs goes next, a session never has two batches on the wire, caps split groups, and a
 * statement's outcome reaches exactly its own batches.
 */

type Statement = { batches: PreparedAppend[]; finish(outcomes?: AppendOutcome[]): void; fail(error: unknown): void };

/** A store whose appendMany waits for the test; every other method is unused here. */
function manualStore() {
  const statements: Statement[] = [];
  const store = {
    appendMany(batches: readonly PreparedAppend[]) {
      return new Promise<AppendOutcome[]>((resolve, reject) => {
        statements.push({ batches: [...batches], finish: (o) => resolve(o ?? batches.map(() => ({ ok: true }))), fail: reject });
      });
    },
  } as unknown as GroupAppendStore;
  return { store, statements };
}

const lobby: AppendExtras = { status: "lobby", roundDeadline: null };
const guess = (seq: number, playerId = "p1"): StoredEvent => ({ seq, at: 1_000 + seq, event: { type: "guess.submitted", round: 1, playerId, alpha: 0.1 } });
/** Two turns of the loop: a group the committer schedules (setImmediate) meanwhile has left by then. */
const turn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
const names = (s: Statement) => s.batches.map((b) => `${b.sessionId}@${b.expectedSeq}`);

describe("the group committer's queue", () => {
  it("sends what arrived together as one group, and what arrives meanwhile as the next", async () => {
    const { store, statements } = manualStore();
    const log = new GroupCommitLog(store);
    const first = [log.append("a", 1, [guess(2)], lobby), log.append("b", 1, [guess(2)], lobby)];
    await turn();
    expect(statements.map(names)).toEqual([["a@1", "b@1"]]);
    const second = [log.append("c", 1, [guess(2)], lobby), log.append("a", 2, [guess(3)], lobby)];
    await turn();
    expect(statements).toHaveLength(1); // one statement at a time (the default, as on the embedded database)
    statements[0].finish();
    await Promise.all(first);
    await turn();
    expect(statements.map(names)).toEqual([["a@1", "b@1"], ["c@1", "a@2"]]);
    statements[1].finish();
    await Promise.all(second);
    expect(log.pending).toBe(0);
  });

  it("with several statements in flight, never puts a session on the wire twice, and keeps its order", async () => {
    const { store, statements } = manualStore();
    const log = new GroupCommitLog(store, { maxInFlight: 3 });
    const done: string[] = [];
    const track = (p: Promise<void>, name: string) => p.then(() => done.push(name));
    const all = [track(log.append("a", 1, [guess(2)], lobby), "a@1")];
    await turn();
    all.push(track(log.append("a", 2, [guess(3)], lobby), "a@2"), track(log.append("b", 1, [guess(2)], lobby), "b@1"));
    await turn();
    // b goes at once beside the first statement; a's second batch waits for its first.
    expect(statements.map(names)).toEqual([["a@1"], ["b@1"]]);
    statements[1].finish();
    await turn();
    expect(done).toEqual(["b@1"]);
    expect(statements).toHaveLength(2);
    statements[0].finish();
    await turn();
    expect(statements.map(names)).toEqual([["a@1"], ["b@1"], ["a@2"]]);
    statements[2].finish();
    await Promise.all(all);
    expect(done).toEqual(["b@1", "a@1", "a@2"]);
  });

  it("caps a group by rows and by bytes; a batch over the cap goes alone", async () => {
    const { store, statements } = manualStore();
    const log = new GroupCommitLog(store, { maxRows: 3, maxBytes: 1_000_000 });
    const appends = [
      log.append("a", 1, [guess(2), guess(3)], lobby),
      log.append("b", 1, [guess(2)], lobby),
      log.append("c", 1, [guess(2)], lobby),
      log.append("d", 1, [guess(2), guess(3), guess(4), guess(5)], lobby),
    ];
    for (let i = 0; i < 3; i++) {
      await turn();
      statements.at(-1)!.finish();
    }
    await Promise.all(appends);
    expect(statements.map(names)).toEqual([["a@1", "b@1"], ["c@1"], ["d@1"]]);

    const bytes = manualStore();
    const small = new GroupCommitLog(bytes.store, { maxBytes: 150 });
    const two = [small.append("a", 1, [guess(2, "x".repeat(40))], lobby), small.append("b", 1, [guess(2, "y".repeat(40))], lobby)];
    await turn();
    bytes.statements[0].finish();
    await turn();
    bytes.statements[1].finish();
    await Promise.all(two);
    expect(bytes.statements.map(names)).toEqual([["a@1"], ["b@1"]]);
  });

  it("gives each batch its own outcome, and fails the whole group only if the store throws", async () => {
    const { store, statements } = manualStore();
    const log = new GroupCommitLog(store);
    const lost = new ConcurrencyError("b", 1);
    const results = Promise.allSettled([log.append("a", 1, [guess(2)], lobby), log.append("b", 1, [guess(2)], lobby), log.append("c", 1, [guess(2)], lobby)]);
    await turn();
    statements[0].finish([{ ok: true }, { ok: false, error: lost }, { ok: true }]);
    expect((await results).map((r) => (r.status === "fulfilled" ? "ok" : r.reason))).toEqual(["ok", lost, "ok"]);

    const broken = new Error("connection lost");
    const more = Promise.allSettled([log.append("a", 2, [guess(3)], lobby), log.append("c", 2, [guess(3)], lobby)]);
    await turn();
    statements[1].fail(broken);
    expect((await more).map((r) => r.status === "rejected" && r.reason)).toEqual([broken, broken]);
    // The committer goes on: the next batch is written as usual.
    const next = log.append("a", 2, [guess(3)], lobby);
    await turn();
    statements[2].finish();
    await next;
  });

  it("answers an empty batch at once and refuses a malformed one without sending it", async () => {
    const { store, statements } = manualStore();
    const log = new GroupCommitLog(store);
    await log.append("a", 7, [], lobby);
    await expect(log.append("a", 1, [{ seq: 2, at: Number.NaN, event: guess(2).event }], lobby)).rejects.toBeInstanceOf(RangeError);
    await turn();
    expect(statements).toHaveLength(0);
  });

  it("close() waits for queued and in-flight batches", async () => {
    const { store, statements } = manualStore();
    const log = new GroupCommitLog(store);
    const a = log.append("a", 1, [guess(2)], lobby);
    const b = log.append("a", 2, [guess(3)], lobby);
    let closed = false;
    const closing = log.close().then(() => (closed = true));
    await turn();
    expect(closed).toBe(false);
    statements[0].finish();
    await a;
    await turn();
    expect(closed).toBe(false);
    statements[1].finish();
    await Promise.all([b, closing]);
    expect(closed).toBe(true);
  });
});
