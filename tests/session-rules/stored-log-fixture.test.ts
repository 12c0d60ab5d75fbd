import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checksum } from "@/lib/engine";
import {
  CHECKSUM_EVENT_TYPES,
  carriesChecksum,
  foldEvents,
  leaderboard,
  replayFile,
  resultsCsv,
  SessionEventSchema,
  SessionLogFileSchema,
  STORED_EVENTS_VERSION,
  StoredEventSchema,
  type SessionEventType,
} from "@/lib/session";

/**
 * "A log written by today's main still folds": tests/fixtures/logs/full-lesson-v1.json is a whole lesson recorded on
 * the real server (tests/fixtures/record-full-lesson.ts) before the stored-event schemas were separated from the wire
 * views. Whatever the views become, this file must keep parsing with the stored-event schemas, lose nothing when parsed,
 * and fold to the same session: same last seq, same weights, same totals, no integrity issue.
 */
const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/logs/full-lesson-v1.json");
const raw = JSON.parse(fs.readFileSync(FILE, "utf8")) as { events: unknown[] } & Record<string, unknown>;

const ALL_TYPES: SessionEventType[] = SessionEventSchema.options.map((o) => o.shape.type.value);

describe("a stored log of version 1", () => {
  it("is version 1 and touches every kind of event", () => {
    expect(STORED_EVENTS_VERSION).toBe(1);
    const types = new Set(raw.events.map((e) => (e as { event: { type: string } }).event.type));
    expect([...types].sort()).toEqual([...ALL_TYPES].sort());
    const stepped = raw.events.flatMap((e) => {
      const event = (e as { event: { type: string; policy?: string } }).event;
      return event.type === "network.stepped" ? [event.policy] : [];
    });
    expect(new Set(stepped)).toEqual(new Set(["host", "median", "best-guess", "engine", "player", "run"]));
    const reasons = raw.events.flatMap((e) => {
      const event = (e as { event: { type: string; reason?: string } }).event;
      return event.type === "round.closed" ? [event.reason] : [];
    });
    expect(new Set(reasons)).toEqual(new Set(["host", "timer", "end"]));
  });

  it("parses with the stored-event schemas, event by event and as a file, without losing a field", () => {
    const events = raw.events.map((e) => StoredEventSchema.parse(e));
    expect(events).toEqual(raw.events);
    const file = SessionLogFileSchema.parse(raw);
    expect(file.events).toEqual(raw.events);
  });

  it("folds to the recorded session: seq, weights, totals, leaderboard, integrity", () => {
    const { events, session } = SessionLogFileSchema.parse(raw);
    const state = foldEvents(events);
    expect(state.integrity).toEqual([]);
    expect(state.seq).toBe(45);
    expect(state.status).toBe("ended");
    expect(checksum(state.engine)).toBe("2de589ca20e00162");
    expect(state.engine.step).toBe(1);
    expect(state.stepsTotal).toBe(38);
    expect(state.rounds.map((r) => [r.number, r.status])).toEqual([
      [1, "closed"],
      [2, "revealed"],
      [3, "revealed"],
      [4, "revealed"],
    ]);
    const totals = Object.fromEntries([...state.players.values()].map((p) => [p.nickname, p.total]));
    // Round 1 was closed and never revealed: it counts for nobody (ann scored 1112 in it, cat 1004).
    expect(totals).toEqual({ ann: 1980, ben: 78, cat: 1460, dan: 54 });
    const board = leaderboard(state, 10, (id) => state.players.get(id)!.pseudonym);
    expect(board.map((e) => [e.nickname, e.total, e.rank])).toEqual([
      ["Amber Otter", 1980, 1],
      ["Calm Otter", 1460, 2],
      ["Brave Otter", 78, 3],
    ]);

    // The CSV's last running total per student is the fold's total.
    const [header, ...rows] = resultsCsv(events).trim().split("\r\n").map((line) => line.split(","));
    const col = (name: string) => header.indexOf(name);
    const lastTotal: Record<string, number> = {};
    for (const row of rows) if (row[col("running_total")] !== "") lastTotal[row[col("nickname")]] = Number(row[col("running_total")]);
    expect(lastTotal).toEqual(totals);

    // What the server serves for it: the same verification the recording server sent.
    const served = replayFile(session, events, state);
    expect(served.verification).toEqual(raw.verification);
    expect(served.verification!.checks).toBe(events.filter((e) => CHECKSUM_EVENT_TYPES.includes(e.event.type)).length);
    expect(events.filter((e) => carriesChecksum(e.event)).length).toBe(14);
  });
});
