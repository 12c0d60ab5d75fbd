import { afterAll, describe, expect, it } from "vitest";
import { checksum } from "@/lib/engine";
import type { HostView, StudentView } from "@/lib/protocol";
import { foldEvents, SessionLogFileSchema } from "@/lib/session";
import { useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, type Host, type Student } from "../helpers/lesson";

/**
 * A momentum lesson over real sockets: host and three phones, an α round, a β round at the fixed α with β guesses,
 * the reveal with calibration, trend and the class insight, a step on the class's median β, then the CSV and JSON
 * exports with their mastery columns and summary, and the export's fold reaching the live run's checksum.
 */
describe("a momentum lesson with a β round", () => {
  const server = useTestServer();
  let host: Host;
  let students: Student[];
  let sessionId: string;

  afterAll(() => {
    for (const s of students ?? []) s.socket.close();
    host?.socket.close();
  });

  it("creates a momentum session and plays an α round", async () => {
    const created = await createSession(server.url, { config: { scenario: "one-weight", seed: 5, optimizer: { kind: "momentum", beta: 0.5 } } });
    sessionId = created.sessionId;
    host = await attachHost(server.url, created);
    expect(host.views.latest!.session.config.optimizer).toEqual({ kind: "momentum", beta: 0.5 });
    expect(host.views.latest!.gates["round:open-beta"]).toEqual({ ok: true });
    students = [];
    for (const name of ["Ada", "Grace", "Alan"]) students.push(await joinStudent(server.url, created.joinCode, name));

    expect(await host.send("round:open", { k: 2 })).toMatchObject({ ok: true, round: 1 });
    await Promise.all(students.map((s) => s.views.waitFor((v) => v.round?.number === 1 && v.round.status === "open")));
    expect(students[0].views.latest!.round).toMatchObject({ guess: "alpha", fixedAlpha: null });
    expect(await students[0].send("guess:submit", { beta: 0.9 })).toMatchObject({ ok: false, code: "WRONG_GUESS_KIND" });
    for (const [i, alpha] of [0.05, 0.2, 0.1].entries()) expect(await students[i].send("guess:submit", { alpha })).toMatchObject({ ok: true, alpha });
    expect(await host.send("round:close")).toMatchObject({ ok: true });
    expect(await host.send("round:reveal")).toMatchObject({ ok: true });
    const step = await host.send("network:step", { policy: "median" });
    expect(step).toMatchObject({ ok: true, alpha: 0.1 });
    expect(step).not.toHaveProperty("beta");
  });

  it("plays a β round at the latest step's α: β guesses only, reveal with calibration, trend and insight", async () => {
    expect(await host.send("round:open", { guess: "beta", k: 1 })).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
    expect(await host.send("round:open", { guess: "beta", timerSeconds: 120 })).toMatchObject({ ok: true, round: 2 });
    const open = await host.views.waitFor((v) => v.round?.number === 2);
    expect(open.round).toMatchObject({ guess: "beta", fixedAlpha: 0.1, k: 10, status: "open" });
    const phone = await students[1].views.waitFor((v) => v.round?.number === 2);
    expect(phone.round).toMatchObject({ guess: "beta", fixedAlpha: 0.1, k: 10 });

    expect(await students[0].send("guess:submit", { alpha: 0.1 })).toMatchObject({ ok: false, code: "WRONG_GUESS_KIND", message: "This round asks for β, not α" });
    expect(await students[0].send("guess:submit", { beta: 1.5 })).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
    expect(await students[0].send("guess:submit", { alpha: 0.1, beta: 0.5 })).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
    const betas = [0.9, 0.99, 0.3];
    for (const [i, beta] of betas.entries()) expect(await students[i].send("guess:submit", { beta })).toEqual({ ok: true, round: 2, beta });
    const seen = await students[0].views.waitFor((v) => v.round?.myGuess === 0.9);
    expect(seen.round!.number).toBe(2);

    expect(await host.send("round:close")).toMatchObject({ ok: true, round: 2 });
    expect(await host.send("round:reveal")).toMatchObject({ ok: true, round: 2 });
    const revealed: StudentView[] = await Promise.all(students.map((s) => s.views.waitFor((v) => v.reveal?.round === 2)));
    for (const [i, view] of revealed.entries()) {
      expect(view.reveal).toMatchObject({ guess: "beta", fixedAlpha: 0.1, mine: { alpha: betas[i] } });
      expect(view.reveal!.calibration).toEqual(expect.any(Number));
      expect(view.me.trend!.decades).toHaveLength(2);
      expect(view.me.trend!.sentence.length).toBeGreaterThan(10);
      expect(view.me.calibrationRank).toEqual(expect.any(Number));
    }
    expect(revealed[0].reveal!.medianAlpha).toBe(0.9);
    const console: HostView = await host.views.waitFor((v) => v.round?.number === 2 && v.round.status === "revealed");
    const insight = console.round!.insight!;
    expect(Object.values(insight.counts).reduce((a, b) => a + b, 0)).toBe(3);
    expect(insight.sentence).toMatch(/β/);
    expect(console.round!.results!.map((r) => r.verdict).every((v) => v !== "no-guess")).toBe(true);
    expect(console.calibrationBoard.map((e) => e.nickname).sort()).toEqual(["Ada", "Alan", "Grace"]);
    expect(console.gates["network:step"].median).toEqual({ ok: true, alpha: 0.1, beta: 0.9, playerId: null });
  });

  it("steps with the class's median β, ends, and exports calibration and the per-student summary", async () => {
    expect(await host.send("network:step", { policy: "median" })).toMatchObject({ ok: true, alpha: 0.1, beta: 0.9 });
    expect(await host.send("network:step", { policy: "engine" })).toMatchObject({ ok: true });
    expect(await host.send("session:end")).toMatchObject({ ok: true });
    const live = await host.views.waitFor((v) => v.session.status === "ended");

    const csv = (await (await fetch(`${server.url}/api/replays/${sessionId}/results.csv`)).text()).trim().split("\r\n").map((l) => l.split(","));
    const [header, ...rows] = csv;
    expect(header).toEqual(["nickname", "round", "alpha", "loss_reached", "score", "rank", "answered_after_s", "running_total", "guess", "calibration", "verdict"]);
    const col = (name: string) => header.indexOf(name);
    expect(rows.map((r) => [r[col("round")], r[col("guess")]])).toEqual([
      ["1", "alpha"],
      ["1", "alpha"],
      ["1", "alpha"],
      ["2", "beta"],
      ["2", "beta"],
      ["2", "beta"],
    ]);
    for (const row of rows) {
      expect(row[col("calibration")]).toMatch(/^\d+\.\d{3}$/);
      expect(["too-small", "about-right", "too-large", "diverged"]).toContain(row[col("verdict")]);
    }

    const file = SessionLogFileSchema.parse(await (await fetch(`${server.url}/api/replays/${sessionId}/log.json`)).json());
    const summary = file.summary!.students;
    expect(summary.map((s) => s.nickname)).toEqual(["Ada", "Grace", "Alan"]);
    for (const student of summary) {
      expect(student).toMatchObject({ roundsAnswered: 2, kicked: false, calibrationRank: expect.any(Number), trend: { kind: expect.any(String) } });
      expect(student.rounds.map((r) => [r.round, r.guess])).toEqual([[1, "alpha"], [2, "beta"]]);
    }
    expect(summary[0].rounds[1]).toMatchObject({ value: 0.9, verdict: expect.any(String), score: expect.any(Number) });
    expect(summary.map((s) => s.total)).toEqual(live.players.map((p) => p.total));

    // The export folds to the live run: every recorded checksum reproduced, the same final weights.
    const replayed = foldEvents(file.events);
    expect(replayed.integrity).toEqual([]);
    expect(checksum(replayed.engine)).toBe(live.checksum);
    const betaStep = file.events.find((e) => e.event.type === "network.stepped" && e.event.beta !== undefined);
    expect(betaStep?.event).toMatchObject({ policy: "median", alpha: 0.1, beta: 0.9 });
    expect(file.verification).toEqual({ checks: expect.any(Number), issues: [] });
  });
});
