import { afterAll, describe, expect, it } from "vitest";
import { foldEvents, type StoredEvent } from "@/lib/session";
import { studentRounds } from "@/app/replay/_components/student-rounds";
import { useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, type Host, type Student } from "../helpers/lesson";

/**
 * One definition of a student's total: a round's points count once the round is revealed (the class saw them).
 * A round the host closed but never revealed — they opened the next one instead — is scored and exported, but counts
 * towards nobody's total. The live leaderboard, the CSV's running totals and the replay's student section agree.
 */
describe("running totals when a round is closed but never revealed", () => {
  const server = useTestServer();
  let host: Host;
  const students: Student[] = [];

  afterAll(async () => {
    for (const s of students) s.socket.close();
    host?.socket.close();
  });

  it("agree between the live leaderboard, results.csv and the replay", async () => {
    const created = await createSession(server.url, { config: { scenario: "one-weight", seed: 3 } });
    host = await attachHost(server.url, created);
    for (const name of ["ann", "ben", "cat"]) students.push(await joinStudent(server.url, created.joinCode, name));

    const play = async (alphas: number[]) => {
      expect(await host.send("round:open", { k: 1 })).toMatchObject({ ok: true });
      for (let i = 0; i < students.length; i++) expect(await students[i].send("guess:submit", { alpha: alphas[i] })).toMatchObject({ ok: true });
      expect(await host.send("round:close")).toMatchObject({ ok: true });
    };
    await play([0.5, 0.05, 1]); // closed, never revealed
    await play([0.3, 0.002, 9]);
    expect(await host.send("round:reveal")).toMatchObject({ ok: true });
    expect(await host.send("session:end")).toMatchObject({ ok: true });

    const live = await host.views.waitFor((v) => v.session.status === "ended");
    const liveTotals = Object.fromEntries(live.leaderboard.map((e) => [e.nickname, e.total]));

    const csv = await (await fetch(`${server.url}/api/replays/${created.sessionId}/results.csv`, {
      headers: { authorization: `Bearer ${created.hostToken}` },
    })).text();
    const [header, ...rows] = csv.trim().split("\r\n").map((line) => line.split(","));
    const col = (name: string) => header.indexOf(name);
    const csvTotals: Record<string, number> = {};
    for (const row of rows) if (row[col("running_total")] !== "") csvTotals[row[col("nickname")]] = Number(row[col("running_total")]);
    // Round 1 is exported with its scores, but with no running total: it never counted.
    const round1 = rows.filter((row) => row[col("round")] === "1");
    expect(round1).toHaveLength(3);
    expect(round1.every((row) => row[col("running_total")] === "")).toBe(true);

    const log = (await (await fetch(`${server.url}/api/replays/${created.sessionId}`, {
      headers: { authorization: `Bearer ${created.hostToken}` },
    })).json()) as { events: StoredEvent[] };
    const final = foldEvents(log.events);
    const replayTotals = Object.fromEntries(
      [...final.players.values()].map((p) => [p.nickname, studentRounds(final, new Map(), p.id).findLast((r) => r.total !== null)?.total ?? 0]),
    );

    expect(Object.values(liveTotals).some((t) => t > 0)).toBe(true);
    expect(csvTotals).toEqual(liveTotals);
    expect(replayTotals).toEqual(liveTotals);
  });
});
