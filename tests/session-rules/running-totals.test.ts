import { describe, expect, it } from "vitest";
import { foldEvents, leaderboard, resultsCsv, roundPoints } from "@/lib/session";
import { studentRounds } from "@/app/replay/_components/student-rounds";
import { pureLesson } from "./pure-lesson";

/**
 * The scenario without a server: close round 1 without revealing it, open round 2, reveal it. The fold's
 * totals (the live leaderboard), results.csv's running totals and the replay's student rows must agree, and round 1
 * must count for nobody. (tests/sessions/running-totals.test.ts plays the same over sockets and HTTP.)
 */
describe("running totals: one rule everywhere", () => {
  const lesson = pureLesson();
  for (const name of ["ann", "ben", "cat"]) lesson.join(name);
  lesson.open().guess("ann", 0.5).guess("ben", 0.05).guess("cat", 1).close(); // closed, never revealed
  lesson.open().guess("ann", 0.3).guess("ben", 0.002).guess("cat", 9).close().reveal();
  lesson.end();
  const state = foldEvents(lesson.events);

  it("round 1 is scored but adds nothing; round 2 adds its scores", () => {
    const [round1, round2] = state.rounds;
    expect(round1.status).toBe("closed");
    expect(round1.scoring!.results.some((r) => r.score > 0)).toBe(true);
    expect(roundPoints(round1).size).toBe(0);
    const expected = Object.fromEntries(round2.scoring!.results.map((r) => [state.players.get(r.playerId)!.nickname, r.score]));
    const fold = Object.fromEntries([...state.players.values()].map((p) => [p.nickname, p.total]));
    expect(fold).toEqual(expected);
  });

  it("the leaderboard, the CSV and the replay's student rows agree with the fold", () => {
    const live = Object.fromEntries(leaderboard(state, 10, (id) => state.players.get(id)!.nickname).map((e) => [e.nickname, e.total]));

    const [header, ...rows] = resultsCsv(lesson.events).trim().split("\r\n").map((line) => line.split(","));
    const col = (name: string) => header.indexOf(name);
    const csv: Record<string, number> = {};
    for (const row of rows) if (row[col("running_total")] !== "") csv[row[col("nickname")]] = Number(row[col("running_total")]);
    expect(rows.filter((row) => row[col("round")] === "1").map((row) => row[col("running_total")])).toEqual(["", "", ""]);

    const replay = Object.fromEntries(
      [...state.players.values()].map((p) => [p.nickname, studentRounds(state, new Map(), p.id).findLast((r) => r.total !== null)?.total ?? 0]),
    );

    expect(Object.values(live).some((t) => t > 0)).toBe(true);
    expect(csv).toEqual(live);
    expect(replay).toEqual(live);
  });
});
