import { describe, expect, it } from "vitest";
import { checksum } from "@/lib/engine";
import { BETA_LIMITS, ErrorCode, HostViewSchema, StudentViewSchema, type AckError } from "@/lib/protocol";
import { BETA_ROUND_DEFAULT_K, decide, engineBestAlpha, foldEvents, hostView, studentViews, type SessionEvent } from "@/lib/session";
import { accepted, script, type Script } from "./rules-script";

/**
 * β rounds through decide and the fold alone: a momentum lesson with α rounds and a β round, the refusals a β round
 * has, the views' round kind and fixed α, and a step on the class's β that the fold replays bit for bit.
 */

const MOMENTUM = { optimizer: { kind: "momentum", beta: 0.5 } } as const;

const hostOf = (s: Script) =>
  hostView(s.state, { sessionId: "session-momentum-01", joinCode: "MOMENT", joinUrl: "", replayUrl: "", now: s.now, isConnected: () => true });
const phoneOf = (s: Script, id: string) => studentViews(s.state, { sessionId: "session-momentum-01", joinCode: "MOMENT", now: s.now, guessesPerRound: 3 })(id)!;

function refused(decision: object): AckError {
  if (!("ok" in decision)) throw new Error("expected a refusal, got a decision");
  return decision as AckError;
}

const lastEvent = (s: Script): SessionEvent => s.events.at(-1)!.event;

describe("β rounds: refusals", () => {
  it("need momentum", async () => {
    const s = script();
    expect(refused(await s.host("round:open", { guess: "beta" }))).toEqual({
      ok: false,
      code: ErrorCode.INVALID_STATE,
      message: "A β round needs momentum: this session trains with plain gradient descent",
    });
  });

  it("need k ≥ 2, say why, and take a fixed α only in a β round", async () => {
    const s = script({ config: MOMENTUM });
    const k1 = refused(await s.host("round:open", { guess: "beta", k: 1 }));
    expect(k1.code).toBe(ErrorCode.INVALID_PAYLOAD);
    expect(k1.message).toMatch(/at least 2 steps.*zero velocity.*one step is the same for every β/);
    expect(refused(await s.host("round:open", { alpha: 0.1 }))).toMatchObject({ code: ErrorCode.INVALID_PAYLOAD, message: expect.stringMatching(/only for a β round/) });
    expect(s.events).toHaveLength(1);
  });

  it("take β and refuse α in a β round, and the other way round, with a stable code", async () => {
    const s = script({ config: MOMENTUM });
    accepted(await s.join("ann"));
    accepted(await s.host("round:open", { guess: "beta" }));
    expect(refused(await s.guess("ann", 0.1))).toEqual({ ok: false, code: ErrorCode.WRONG_GUESS_KIND, message: "This round asks for β, not α" });
    const ctx = s.ctx();
    expect(refused(await decide(s.state, { kind: "guess", playerId: "ann", beta: 1.2 }, ctx))).toMatchObject({ code: ErrorCode.BETA_OUT_OF_RANGE });
    expect(refused(await decide(s.state, { kind: "guess", playerId: "ann", beta: -0.1 }, ctx))).toMatchObject({ code: ErrorCode.BETA_OUT_OF_RANGE });
    expect(accepted(await s.guessBeta("ann", BETA_LIMITS.max)).response).toEqual({ round: 1, beta: BETA_LIMITS.max });
    expect(accepted(await s.guessBeta("ann", 0)).response).toEqual({ round: 1, beta: 0 });
    // Stored in the α-named field (events.ts round.opened).
    expect(lastEvent(s)).toEqual({ type: "guess.submitted", round: 1, playerId: "ann", alpha: 0 });
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("round:reveal", undefined));
    accepted(await s.host("round:open", undefined));
    expect(refused(await s.guessBeta("ann", 0.9))).toEqual({ ok: false, code: ErrorCode.WRONG_GUESS_KIND, message: "This round asks for α, not β" });
    expect(accepted(await s.guess("ann", 0.1)).response).toEqual({ round: 2, alpha: 0.1 });
  });
});

describe("β rounds: a momentum lesson", () => {
  it("opens with the defaults: k = 10 and the engine's best α before any step, the latest step's α after one", async () => {
    const s = script({ config: MOMENTUM });
    accepted(await s.host("round:open", { guess: "beta", timerSeconds: 30 }));
    expect(lastEvent(s)).toEqual({
      type: "round.opened",
      round: 1,
      k: BETA_ROUND_DEFAULT_K,
      timerSeconds: 30,
      deadline: s.now + 30_000,
      guess: "beta",
      alpha: engineBestAlpha(s.state.engine),
    });
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("network:step", { policy: "host", alpha: 0.07 }));
    accepted(await s.host("round:open", { guess: "beta", k: 4 }));
    expect(lastEvent(s)).toMatchObject({ k: 4, guess: "beta", alpha: 0.07 });
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("round:open", { guess: "beta", alpha: 0.02 }));
    expect(lastEvent(s)).toMatchObject({ guess: "beta", alpha: 0.02 });
    accepted(await s.host("round:close", undefined));
    // An α round writes exactly what it always did.
    accepted(await s.host("round:open", { k: 2 }));
    expect(lastEvent(s)).toEqual({ type: "round.opened", round: 4, k: 2, timerSeconds: null, deadline: null });
  });

  it("plays α rounds and a β round, steps on the class's β, and the fold replays every checksum", async () => {
    const s = script({ config: MOMENTUM, scorer: "engine" });
    for (const id of ["ann", "ben", "cat"]) accepted(await s.join(id));

    // An α round and a step on the class's α: the configuration's β, so no β is written.
    accepted(await s.host("round:open", { k: 2 }));
    accepted(await s.guess("ann", 0.05));
    accepted(await s.guess("ben", 0.2));
    accepted(await s.guess("cat", 0.1));
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("round:reveal", undefined));
    const alphaStep = accepted(await s.host("network:step", { policy: "median" }));
    expect(alphaStep.response).toMatchObject({ alpha: 0.1 });
    expect(alphaStep.response).not.toHaveProperty("beta");
    expect(lastEvent(s)).not.toHaveProperty("beta");
    accepted(await s.host("network:run", { alpha: 0.1, steps: 3 }));

    // The β round, at the latest step's α.
    accepted(await s.host("round:open", { guess: "beta" }));
    const round = s.state.rounds[1];
    expect(round).toMatchObject({ guess: "beta", fixedAlpha: 0.1, k: 10 });
    let host = hostOf(s);
    expect(host.round).toMatchObject({ guess: "beta", fixedAlpha: 0.1, k: 10, insight: null });
    expect(phoneOf(s, "ann").round).toMatchObject({ guess: "beta", fixedAlpha: 0.1 });
    accepted(await s.guessBeta("ann", 0.9));
    accepted(await s.guessBeta("ben", 0.99));
    accepted(await s.guessBeta("cat", 0));
    accepted(await s.host("round:close", undefined));
    const scoring = round.scoring!;
    expect(scoring.k).toBe(10);
    expect(scoring.results.map((r) => [r.playerId, r.alpha])).toEqual([["ann", 0.9], ["ben", 0.99], ["cat", 0]]);
    expect(scoring.bestAlpha).toBeGreaterThanOrEqual(BETA_LIMITS.min);
    expect(scoring.bestAlpha).toBeLessThanOrEqual(BETA_LIMITS.max);
    expect(scoring.curve.length).toBeGreaterThan(5);
    for (const p of scoring.curve) expect(p.alpha >= 0 && p.alpha <= BETA_LIMITS.max).toBe(true);
    accepted(await s.host("round:reveal", undefined));

    host = HostViewSchema.parse(hostOf(s));
    expect(host.round!.reveal).toMatchObject({ guess: "beta", fixedAlpha: 0.1, medianAlpha: 0.9, bestAlpha: scoring.bestAlpha });
    expect(host.round!.insight!.counts).toBeDefined();
    expect(host.round!.insight!.sentence).toMatch(/momentum|about right/);
    expect(host.round!.results!.every((r) => r.calibration !== null)).toBe(true);
    expect(host.calibrationBoard.map((e) => e.rounds)).toEqual([2, 2, 2]);
    const ann = StudentViewSchema.parse(phoneOf(s, "ann"));
    expect(ann.reveal).toMatchObject({ guess: "beta", fixedAlpha: 0.1, mine: { alpha: 0.9 } });
    expect(ann.reveal!.calibration).toBeCloseTo(Math.abs(Math.log10(0.1 / (1 - scoring.bestAlpha!))), 9);
    expect(ann.me.trend!.decades).toHaveLength(2);
    expect(ann.me.calibrationRank).toEqual(expect.any(Number));

    // The median β steps the network at the round's α; the gate said so beforehand.
    expect(host.gates["network:step"].median).toEqual({ ok: true, alpha: 0.1, beta: 0.9, playerId: null });
    const before = s.state.engine;
    const step = accepted(await s.host("network:step", { policy: "median" }));
    expect(step.response).toMatchObject({ alpha: 0.1, beta: 0.9 });
    expect(lastEvent(s)).toMatchObject({ type: "network.stepped", policy: "median", alpha: 0.1, beta: 0.9, stepsApplied: 1 });
    // β matters here: the configuration's β (0.5) would have reached other weights.
    const plain = accepted(await decide({ ...s.state, engine: before }, { kind: "host", name: "network:step", payload: { policy: "host", alpha: 0.1 } }, s.ctx()));
    const withConfigBeta = plain.events[0];
    expect(withConfigBeta.type === "network.stepped" && withConfigBeta.checksum).not.toBe(checksum(s.state.engine));

    // A best-guess step after the β round, then the engine's own choice (configuration β again).
    accepted(await s.host("network:step", { policy: "best-guess" }));
    accepted(await s.host("network:step", { policy: "engine" }));
    expect(lastEvent(s)).not.toHaveProperty("beta");
    accepted(await s.host("network:reset", { seed: "same" }));
    accepted(await s.host("network:step", { policy: "player", playerId: "ben" }));
    expect(lastEvent(s)).toMatchObject({ alpha: 0.1, beta: 0.99 });
    accepted(await s.host("session:end", undefined));

    // The fold of the log is the live state: every recorded checksum reproduced, the same weights.
    const replayed = foldEvents(s.events);
    expect(replayed.integrity).toEqual([]);
    expect(checksum(replayed.engine)).toBe(checksum(s.state.engine));
    expect(replayed.history).toEqual(s.state.history);
    expect(replayed.rounds.map((r) => [r.guess, r.fixedAlpha])).toEqual([["alpha", null], ["beta", 0.1]]);
    // Through JSON, as the log is stored.
    const stored = foldEvents(JSON.parse(JSON.stringify(s.events)));
    expect(checksum(stored.engine)).toBe(checksum(s.state.engine));
    expect(stored.integrity).toEqual([]);
  });
});
