import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MATH_VERSION, checksum, mathVersionOf } from "@/lib/engine";
import { carriesChecksum, foldEvents, StoredEventSchema, type StoredEvent } from "@/lib/session";

/**
 * "Old logs keep working": tests/fixtures/legacy-math/ holds complete session logs recorded on the real server by
 * tests/fixtures/record-logs.ts BEFORE the engine switched to deterministic math, so every checksum in them comes
 * from Node's Math.exp/tanh/log/sin/cos. They have no mathVersion in their config, fold with the legacy functions,
 * and must reproduce every recorded checksum forever.
 */
const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/legacy-math");
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith(".json"));

function load(file: string): StoredEvent[] {
  const raw = JSON.parse(fs.readFileSync(path.join(DIR, file), "utf8")) as unknown[];
  return raw.map((e) => StoredEventSchema.parse(e));
}

describe("logs recorded before deterministic math", () => {
  it("cover the lessons the brief names", () => {
    expect(FILES.sort()).toEqual([
      "curve-fit-sine.json",
      "gaussian-relu.json",
      "moons-minibatch-sigmoid-mse.json",
      "spiral-continued.json",
      "spiral-tanh-noisy.json",
    ]);
    const spiral = load("spiral-tanh-noisy.json");
    expect(spiral.some((e) => e.event.type === "network.reset")).toBe(true);
    const continued = load("spiral-continued.json")[0].event;
    expect(continued.type === "session.created" && continued.startFrom).toBeTruthy();
  });

  it.each(FILES)("%s folds with zero integrity issues, on the legacy functions", (file) => {
    const events = load(file);
    const created = events[0].event;
    if (created.type !== "session.created") throw new Error("a log starts with session.created");
    expect(created.config).not.toHaveProperty("mathVersion");
    const state = foldEvents(events);
    expect(state.integrity).toEqual([]);
    expect(mathVersionOf(state.engine.config)).toBe(MATH_VERSION.legacy);
    expect(state.engine.network.math.version).toBe(MATH_VERSION.legacy);
    expect(events.filter((e) => carriesChecksum(e.event)).length).toBeGreaterThanOrEqual(2);
  });

  it("a continuation of a legacy session stays legacy, checksum-equal to its source at the start", () => {
    const source = load("spiral-tanh-noisy.json");
    const continued = load("spiral-continued.json");
    const created = continued[0].event;
    if (created.type !== "session.created" || !created.startFrom) throw new Error("expected a startFrom log");
    const atSource = foldEvents(source.slice(0, created.startFrom.seq));
    expect(checksum(foldEvents(continued.slice(0, 1)).engine)).toBe(checksum(atSource.engine));
    expect(foldEvents(continued).engine.network.math.version).toBe(MATH_VERSION.legacy);
  });

  it("the same logs read as new-math logs would NOT reproduce (so the legacy path is what makes them replay)", () => {
    let mismatches = 0;
    for (const file of FILES.filter((f) => f !== "spiral-continued.json")) {
      const events = load(file);
      const created = events[0].event;
      if (created.type !== "session.created") throw new Error("a log starts with session.created");
      const relabelled = [{ ...events[0], event: { ...created, config: { ...created.config, mathVersion: MATH_VERSION.deterministic1 } } }, ...events.slice(1)];
      mismatches += foldEvents(relabelled).integrity.length;
    }
    expect(mismatches).toBeGreaterThan(0);
  });
});
