import { describe, expect, it } from "vitest";
import { StudentViewSchema } from "@/lib/protocol";
import { studentViews, studentViewsJson, type SessionState } from "@/lib/session";
import { pureLesson } from "./pure-lesson";
import { accepted, script } from "./rules-script";

/**
 * The phones' views are sent as JSON text built from fragments (lib/session/student-view-json.ts). That text must be
 * exactly what JSON.stringify makes of the view object, for every player in every state of a lesson — the client
 * parses it as the StudentView it always was.
 */

const ctx = (now: number) => ({ sessionId: "session-json-0001", joinCode: "JSON01", now, guessesPerRound: 3 });

/** Compares every player's text (and an unknown id's) with the object's JSON; returns how many views it compared. */
function expectSameText(state: SessionState, now: number, label: string): number {
  const objects = studentViews(state, ctx(now));
  const texts = studentViewsJson(state, ctx(now));
  let compared = 0;
  for (const id of [...state.players.keys(), "nobody-here"]) {
    const view = objects(id);
    const text = texts(id);
    expect(text, `${label}: ${id}`).toBe(view === undefined ? undefined : JSON.stringify(view));
    // Asked again (a second device of the same player): the same text.
    expect(texts(id), `${label}: ${id} again`).toBe(text);
    if (text !== undefined) {
      expect(StudentViewSchema.safeParse(JSON.parse(text)).success, `${label}: ${id} parses as a StudentView`).toBe(true);
      compared++;
    }
  }
  return compared;
}

describe("student views as pre-encoded JSON", () => {
  it("equal JSON.stringify of the view for every player through a lesson driven by decide", async () => {
    const s = script({ rules: { speedBonus: true } });
    let compared = 0;
    const check = (label: string) => (compared += expectSameText(s.state, s.now, label));
    check("empty lobby");
    // Eight players: more than the five leaderboard rows, so some phones are on it and some are not.
    const ids = ["ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal"];
    for (const id of ids) accepted(await s.join(id, id === "eve" ? 'Eve "the \\ quoted" 🚀 é' : id));
    check("lobby");
    accepted(await s.host("round:open", { timerSeconds: 30, k: 2 }));
    check("open timed round, no guesses");
    accepted(await s.guess("ann", 0.1));
    accepted(await s.guess("ben", 0.1)); // same α as ann: a tie on the leaderboard later
    accepted(await s.guess("cat", 7)); // diverges (fake scorer: α ≥ 5)
    check("open round, some with their own guess");
    for (let i = 0; i < 3; i++) accepted(await s.guess("dan", 0.02 + i / 100));
    check("dan reached the guess limit (his gate is closed)");
    accepted(await s.host("session:pause", undefined));
    check("paused with a timed round open");
    accepted(await s.host("session:resume", undefined));
    accepted(await s.host("player:kick", { playerId: "fay" }));
    check("fay kicked");
    accepted(await s.host("round:close", undefined));
    check("closed");
    accepted(await s.host("round:reveal", undefined));
    check("revealed: results, a divergence, no-guess verdicts, a tie");
    accepted(await s.host("network:step", { policy: "median" }));
    check("after a step");
    accepted(await s.host("round:open", { k: 1 }));
    accepted(await s.guess("hal", 0.3));
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("round:reveal", undefined));
    check("second round revealed");
    accepted(await s.host("network:run", { alpha: 0.05, steps: 3 }));
    accepted(await s.host("network:reset", { seed: "new" }));
    check("after run and reset");
    accepted(await s.host("session:end", undefined));
    check("ended");
    // 1 + 7 states × 8 players, less fay from her kick on.
    expect(compared).toBeGreaterThan(60);
  });

  it("equal JSON.stringify through a momentum lesson with a β round (trends, calibration ranks, the round's kind)", async () => {
    const s = script({ config: { optimizer: { kind: "momentum", beta: 0.5 } } });
    const check = (label: string) => expectSameText(s.state, s.now, label);
    for (const id of ["ann", "ben", "cat", "dan", "eve", "fay", "gus"]) accepted(await s.join(id));
    accepted(await s.host("round:open", { k: 2 }));
    for (const [id, alpha] of [["ann", 0.1], ["ben", 0.01], ["cat", 7], ["dan", 0.3]] as const) accepted(await s.guess(id, alpha));
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("round:reveal", undefined));
    check("α round revealed: first trends");
    accepted(await s.host("network:step", { policy: "median" }));
    accepted(await s.host("round:open", { guess: "beta", timerSeconds: 30 }));
    check("β round open");
    for (const [id, beta] of [["ann", 0.9], ["ben", 0.5], ["cat", 0.999], ["eve", 0.9]] as const) accepted(await s.guessBeta(id, beta));
    check("β round with guesses");
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("round:reveal", undefined));
    check("β round revealed: trends over two kinds, calibration ties");
    const views = studentViews(s.state, ctx(s.now));
    expect(views("ann")!.me.trend!.decades).toHaveLength(2);
    expect(views("eve")!.me.trend!.kind).toBe("first");
    expect(views("gus")!.me).toMatchObject({ trend: null, calibrationRank: null });
    expect(views("ann")!.reveal).toMatchObject({ guess: "beta", calibration: 0 });
    accepted(await s.host("network:step", { policy: "best-guess" }));
    accepted(await s.host("session:end", undefined));
    check("ended");
  });

  it("equal JSON.stringify with real scoring (the reveal's curve), hidden nicknames and ties", () => {
    const lesson = pureLesson({ rules: { hideNicknames: true, speedBonus: false } });
    const now = 1_764_000_900_000;
    const players = ["p1", "p2", "p3", "p4", "p5", "p6", "p7"];
    for (const id of players) lesson.join(id, `nick-${id}`);
    expectSameText(lesson.state, now, "lobby, hidden nicknames");
    lesson.open(3);
    expectSameText(lesson.state, now, "open, untimed");
    lesson.guess("p1", 0.2).guess("p2", 0.2).guess("p3", 1e-4).guess("p4", 4.5).guess("p5", 0.0731945);
    expectSameText(lesson.state, now, "open with guesses");
    lesson.kick("p6");
    lesson.close();
    expectSameText(lesson.state, now, "closed");
    lesson.reveal();
    const state = lesson.state;
    expect(state.rounds[0].scoring!.curve.length).toBeGreaterThan(10);
    expectSameText(state, now, "revealed with a curve");
    // The tie is real: p1 and p2 guessed the same α and share a rank.
    const view = studentViews(state, ctx(now))("p1")!;
    expect(view.leaderboard.filter((row) => row.rank === view.me.rank).length).toBeGreaterThanOrEqual(2);
    lesson.open(1).guess("p7", 0.5).close().reveal();
    expectSameText(lesson.state, now, "second round, results for one");
    lesson.end();
    expectSameText(lesson.state, now, "ended");
  });
});
