import { describe, expect, it } from "vitest";
import {
  foldEvents,
  hostView,
  medianAlpha,
  replayAccess,
  replayFile,
  roundProgress,
  sessionSummary,
  StoredEventSchema,
  studentViews,
  type SessionState,
} from "@/lib/session";
import { alphaTexts, findAlpha } from "./alpha-leaks";
import { pureLesson } from "./pure-lesson";

/**
 * No phone learns another player's guess before the reveal, in any form: every view every phone would be sent at every
 * point of the round (and the lock-in counts and the join-code summary) is searched for each other player's α as the
 * number itself and as every text it could be printed as. The same search must find them where they are meant to be
 * (the host's view; the median after the reveal), so a blind search cannot pass.
 */

const PLAYERS = ["ann", "ben", "cat", "dan"] as const;
/** Distinctive α per player: many significant digits, small ones whose text has long runs of zeros, one above 1. */
const GUESS: Record<(typeof PLAYERS)[number], number> = { ann: 0.0731945, ben: 0.000418263, cat: 3.17e-4, dan: 1.61803399 };
/** A guess ben makes first and then changes: the superseded one must not leak either. */
const BEN_FIRST = 0.0555123;
/** dan is removed mid-round: his guess leaves the round and must never reach anyone. */
const ctx = { sessionId: "session-redaction-0001", joinCode: "RDCT01", now: 1_764_000_500_000, guessesPerRound: 20 };

function phoneOutputs(state: SessionState, playerId: string): unknown[] {
  return [studentViews(state, ctx)(playerId), roundProgress(state), sessionSummary(state, ctx)];
}

function othersLeaked(state: SessionState, alphas: ReadonlyMap<string, number[]>): string[] {
  const leaks: string[] = [];
  for (const phone of PLAYERS) {
    for (const sent of phoneOutputs(state, phone)) {
      for (const [owner, values] of alphas) {
        if (owner === phone) continue;
        for (const alpha of values) for (const where of findAlpha(sent, alpha)) leaks.push(`seq ${state.seq}: ${phone}'s phone has ${owner}'s α ${alpha} as ${where}`);
      }
    }
  }
  return leaks;
}

describe("redaction: what a phone is sent", () => {
  it("the search covers the forms a leak could take", () => {
    expect(alphaTexts(0.0731945)).toEqual(expect.arrayContaining(["0.0731945", "7.31945e-2", "0731945", "731945", "0.07319450"]));
    expect(alphaTexts(3.17e-4)).toEqual(expect.arrayContaining(["0.000317", "3.17e-4", "000317", "3.170e-4"]));
    expect(alphaTexts(3.17e-4)).not.toContain("317");
    expect(alphaTexts(0.0731945)).not.toContain("0.07");
    expect(findAlpha({ a: [{ b: 0.000418263 }] }, 0.000418263)).toContain("the number itself");
    expect(findAlpha("{\"x\":0.0731945}", 0.0731945).length).toBeGreaterThan(0);
    expect(findAlpha({ x: "α=7.319e-2" }, 0.0731945)).toEqual(['text "7.319e-2"']);
    expect(findAlpha({ x: 0.07 }, 0.0731945)).toEqual([]);
  });

  it("never carries another player's guess before the reveal, and does once it is revealed", () => {
    const lesson = pureLesson({ rules: { speedBonus: true } });
    for (const p of PLAYERS) lesson.join(p);
    const alphas = new Map<string, number[]>(PLAYERS.map((p) => [p, [GUESS[p]]]));
    alphas.get("ben")!.push(BEN_FIRST);
    const leaks: string[] = [];
    const check = () => leaks.push(...othersLeaked(lesson.state, alphas));

    lesson.open(2);
    check();
    lesson.guess("ben", BEN_FIRST);
    check();
    lesson.guess("dan", GUESS.dan);
    check();
    lesson.guess("ann", GUESS.ann);
    check();
    lesson.guess("ben", GUESS.ben);
    check();
    lesson.kick("dan");
    check();
    lesson.guess("cat", GUESS.cat);
    check();
    lesson.close();
    check();
    expect(leaks).toEqual([]);

    // The host sees every live guess: the same search finds each of them there.
    const host = hostView(lesson.state, { ...ctx, joinUrl: "http://x/play/RDCT01", replayUrl: "http://x/replay/s", isConnected: () => true });
    for (const p of ["ann", "ben", "cat"] as const) expect(findAlpha(host, GUESS[p])).toContain("the number itself");

    // After the reveal the round's median is public: for three guesses it is one of them (ben's), on every phone.
    lesson.reveal();
    const median = medianAlpha(lesson.state.rounds[0]);
    expect(median).toBe(GUESS.ben);
    for (const phone of ["ann", "cat"]) {
      const view = studentViews(lesson.state, ctx)(phone);
      expect(findAlpha(view, GUESS.ben)).toContain("the number itself");
      expect(findAlpha(view, GUESS.ben)).toContain(`text "${String(GUESS.ben)}"`);
    }
    // Still never the guesses that do not make up the median, nor the removed player's, nor a superseded one.
    const after = othersLeaked(lesson.state, new Map([["ann", [GUESS.ann]], ["cat", [GUESS.cat]], ["dan", [GUESS.dan]], ["ben", [BEN_FIRST]]]));
    expect(after).toEqual([]);
    expect(studentViews(lesson.state, ctx)("dan")).toBeUndefined();
  });

  it("a later round's guesses stay hidden while an earlier round's results are shown", () => {
    const lesson = pureLesson();
    for (const p of PLAYERS) lesson.join(p);
    lesson.open().guess("ann", 0.5).guess("ben", 0.05).close().reveal();
    lesson.open(3);
    const alphas = new Map<string, number[]>();
    const leaks: string[] = [];
    for (const p of PLAYERS) {
      lesson.guess(p, GUESS[p]);
      alphas.set(p, [GUESS[p]]);
      leaks.push(...othersLeaked(lesson.state, alphas));
    }
    lesson.close();
    leaks.push(...othersLeaked(lesson.state, alphas));
    expect(leaks).toEqual([]);
  });
});

describe("redaction: β rounds", () => {
  it("no phone carries another player's β before the reveal; after it only the median's", () => {
    const lesson = pureLesson({ config: { optimizer: { kind: "momentum", beta: 0.5 } } });
    for (const p of PLAYERS) lesson.join(p);
    // An α round first, so the β round starts with velocity, then the β round at a fixed α.
    lesson.open(2).guess("ann", 0.1).close().reveal();
    // Away from the reveal's public β grid (dense near 1: any β above 0.97 is within 0.1 % of a grid point there).
    const BETA: Record<(typeof PLAYERS)[number], number> = { ann: 0.913847, ben: 0.0472913, cat: 0.931713, dan: 0.7351846 };
    const betas = new Map<string, number[]>(PLAYERS.map((p) => [p, [BETA[p]]]));
    const leaks: string[] = [];
    lesson.openBeta(10, 0.1);
    for (const p of PLAYERS) {
      lesson.guess(p, BETA[p]);
      leaks.push(...othersLeaked(lesson.state, betas));
    }
    lesson.kick("dan");
    leaks.push(...othersLeaked(lesson.state, betas));
    lesson.close();
    leaks.push(...othersLeaked(lesson.state, betas));
    expect(leaks).toEqual([]);
    const host = hostView(lesson.state, { ...ctx, joinUrl: "", replayUrl: "", isConnected: () => true });
    for (const p of ["ann", "ben", "cat"] as const) expect(findAlpha(host, BETA[p])).toContain("the number itself");

    // Revealed: the median of three (ann's 0.913847) is public, the others' β still are not, nor is the class insight.
    lesson.reveal();
    expect(medianAlpha(lesson.state.rounds[1])).toBe(BETA.ann);
    expect(findAlpha(studentViews(lesson.state, ctx)("ben"), BETA.ann)).toContain("the number itself");
    expect(othersLeaked(lesson.state, new Map([["ben", [BETA.ben]], ["cat", [BETA.cat]], ["dan", [BETA.dan]]]))).toEqual([]);
    const phone = studentViews(lesson.state, ctx)("cat")!;
    expect(JSON.stringify(phone)).not.toContain("insight");
    expect(JSON.stringify(phone)).not.toContain(hostView(lesson.state, { ...ctx, joinUrl: "", replayUrl: "", isConnected: () => true }).round!.insight!.sentence);
  });
});

describe("redaction: who may read a session's log", () => {
  it("the host at any time; anyone else only once it ended or when it is an imported replay", () => {
    for (const status of ["lobby", "live", "paused", "ended"]) expect(replayAccess("host", { readOnly: false, status })).toBe(true);
    for (const status of ["lobby", "live", "paused"]) expect(replayAccess("public", { readOnly: false, status })).toBe(false);
    expect(replayAccess("public", { readOnly: false, status: "ended" })).toBe(true);
    expect(replayAccess("public", { readOnly: true, status: "live" })).toBe(true);
  });
});

describe("redaction: what the replay file holds", () => {
  it("only what the stored-event schemas name: a token hash a row might carry never reaches the file", () => {
    const lesson = pureLesson();
    lesson.join("ann").open().guess("ann", 0.0731945).close().reveal().end();
    // The archive worker parses every stored row with these schemas before building the file.
    const rows = lesson.events.map((e) => (e.event.type === "player.joined" ? { ...e, event: { ...e.event, tokenHash: "f".repeat(64) } } : e));
    const events = rows.map((row) => StoredEventSchema.parse(row));
    const text = JSON.stringify(replayFile({ id: ctx.sessionId, joinCode: ctx.joinCode, createdAt: events[0].at }, events, foldEvents(events)));
    expect(text).not.toContain("tokenHash");
    expect(text).not.toContain("f".repeat(64));
    expect(JSON.parse(text).verification).toEqual({ checks: 1, issues: [] });
  });
});
