// bench:load's command line and run shape: --sessions validation, how phones split over sessions, which targets apply,
// how received frames are counted, and the server limits a shape gets. Pure functions: no server is started.
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../bench/load/options";
import { serverEnv } from "../../bench/load/server-env";
import { largestSession, sessionOfPhone, splitPhones } from "../../bench/load/shape";
import { frameLength, trafficRates } from "../../bench/load/traffic";
import { targetsFor } from "../../bench/load/verdicts";

describe("bench:load --sessions", () => {
  it("defaults to one session and keeps the phone list", () => {
    const options = parseOptions(["--phones", "300"]);
    expect(options?.sessions).toBe(1);
    expect(options?.phones).toEqual([300]);
  });

  it("plays one unmeasured warm-up run unless told otherwise (0 is allowed, a negative or fraction is not)", () => {
    expect(parseOptions(["--phones", "300"])?.warmupRuns).toBe(1);
    expect(parseOptions(["--phones", "300", "--warmup-runs", "0"])?.warmupRuns).toBe(0);
    expect(parseOptions(["--phones", "300", "--warmup-runs", "2"])?.warmupRuns).toBe(2);
    for (const bad of ["-1", "1.5", "x"]) expect(() => parseOptions(["--phones", "300", "--warmup-runs", bad]), bad).toThrow(/--warmup-runs/);
  });

  it("takes an integer from 1 up to the smallest phone count", () => {
    expect(parseOptions(["--sessions", "4", "--phones", "80"])?.sessions).toBe(4);
    expect(parseOptions(["--sessions", "600", "--phones", "600"])?.sessions).toBe(600);
    for (const bad of ["0", "-1", "2.5", "x", ""]) expect(() => parseOptions(["--sessions", bad, "--phones", "80"]), bad).toThrow(/--sessions/);
    expect(() => parseOptions(["--sessions", "81", "--phones", "80"])).toThrow(/--sessions 81/);
    expect(() => parseOptions(["--sessions", "50", "--phones", "1000,40"])).toThrow(/--sessions 50/);
  });

  it("keeps --phones a total of at most 5000, and at least 1", () => {
    expect(parseOptions(["--sessions", "50", "--phones", "5000"])?.phones).toEqual([5000]);
    expect(() => parseOptions(["--sessions", "50", "--phones", "5001"])).toThrow(/at most 5000/);
    expect(() => parseOptions(["--phones", "0"])).toThrow(/--phones/);
  });
});

describe("phones per session", () => {
  it("splits evenly with the remainder to the first sessions", () => {
    expect(splitPhones(10, 3)).toEqual([4, 3, 3]);
    expect(splitPhones(1000, 50)).toEqual(Array(50).fill(20));
    expect(splitPhones(7, 7)).toEqual(Array(7).fill(1));
    expect(splitPhones(300, 1)).toEqual([300]);
    expect(largestSession(10, 3)).toBe(4);
  });

  it("gives phone k to session k mod S, which is exactly that split", () => {
    for (const [total, sessions] of [[10, 3], [600, 20], [101, 50], [5, 5]]) {
      const counts = new Array<number>(sessions).fill(0);
      for (let k = 0; k < total; k++) counts[sessionOfPhone(k, sessions)]++;
      expect(counts).toEqual(splitPhones(total, sessions));
    }
  });
});

describe("targets by shape", () => {
  it("several sessions: ack p99 ≤ 50 ms and reveal ≤ 1.5× bare", () => {
    expect(targetsFor(1000, 50)).toMatchObject({ ackP99Ms: 50, revealVsBare: 1.5 });
    expect(targetsFor(600, 20)?.consoleBurstBps).toBeUndefined();
  });

  it("one session of 4,000 or more: ack p99 ≤ 300 ms, reveal ≤ 1.3× bare, console ≤ 100 KB/s", () => {
    expect(targetsFor(4000, 1)).toMatchObject({ ackP99Ms: 300, revealVsBare: 1.3, consoleBurstBps: 100_000 });
    expect(targetsFor(3999, 1)).toBeNull();
  });

  it("one session of up to 500 keeps its < 300 ms targets", () => {
    expect(targetsFor(500, 1)).toMatchObject({ ackP99Ms: 300, strict: true, revealP99Ms: 300 });
  });
});

describe("received bytes", () => {
  it("counts a text frame as its type digit plus its data", () => {
    expect(frameLength({ type: "message", data: '2["player:view",{"a":1}]' })).toBe(1 + 24);
    expect(frameLength({ type: "ping" })).toBe(1);
    expect(frameLength({ type: "message", data: new Uint8Array(10) })).toBe(10);
  });

  it("turns two marks into rates per second, summed and for the busiest console", () => {
    const r = trafficRates({ at: 1000, consoles: [100, 0], phones: 50 }, { at: 1500, consoles: [600, 100], phones: 1050 });
    expect(r.consoleBytes).toBe(600);
    expect(r.consoleSumBps).toBeCloseTo(1200);
    expect(r.consoleMaxBps).toBeCloseTo(1000);
    expect(r.phonesBps).toBeCloseTo(2000);
  });
});

describe("server limits for a shape", () => {
  const env = (n: number, sessions?: number) =>
    serverEnv(n, { logLevel: "info" }, "/tmp/x", undefined, sessions === undefined ? undefined : { sessions, perSession: largestSession(n, sessions) });

  it("raises the players per session only when one session holds more than the default 1000", () => {
    expect(env(4000, 1).MAX_PLAYERS_PER_SESSION).toBe("4000");
    expect(env(1000, 50).MAX_PLAYERS_PER_SESSION).toBeUndefined();
    expect(env(5000, 5).MAX_PLAYERS_PER_SESSION).toBeUndefined();
    expect(env(5000, 4).MAX_PLAYERS_PER_SESSION).toBe("1250");
    // bench:cluster passes only the total (twice its phones): unchanged for it.
    expect(env(1800).MAX_PLAYERS_PER_SESSION).toBe("1800");
  });

  it("lets every phone and every host connect within the 10 s that take a sixth of the per-minute allowance", () => {
    for (const [n, sessions] of [[600, 20], [1000, 50], [5000, 1], [5000, 5000]]) {
      expect(Number(env(n, sessions).CONNECTIONS_PER_ADDRESS_PER_MINUTE) / 6, `${n} phones in ${sessions}`).toBeGreaterThanOrEqual(n + sessions);
    }
    expect(env(1800).CONNECTIONS_PER_ADDRESS_PER_MINUTE).toBe(String(6 * 1810));
  });

  it("lets a burst of every phone's guess through the per-address command limit", () => {
    expect(Number(env(4000, 1).COMMANDS_PER_ADDRESS_PER_SECOND)).toBeGreaterThanOrEqual(8000);
    expect(env(500).COMMANDS_PER_ADDRESS_PER_SECOND).toBe("2000");
  });
});
