import { afterAll, describe, expect, it } from "vitest";
import { foldEvents, hostView } from "@/lib/session";
import { EventStore } from "@/lib/db/event-store";
import { postgresSkipReason } from "../helpers/database";
import { useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, type Host, type Student } from "../helpers/lesson";
import { findAlpha } from "../session-rules/alpha-leaks";

type Mode = { name: "embedded" | "postgres"; skip?: string };
const modes: Mode[] = [{ name: "embedded" }, { name: "postgres", skip: postgresSkipReason() }];

for (const mode of modes) {
  describe.skipIf(!!mode.skip)(`a whole lesson (${mode.name} database)`, () => {
    const server = useTestServer({ postgres: mode.name === "postgres" });
    let host: Host;
    let students: Student[];
    let sessionId: string;

    afterAll(async () => {
      for (const s of students ?? []) s.socket.close();
      host?.socket.close();
    });

    it("creates, joins three students and refuses a duplicate nickname", async () => {
      const created = await createSession(server.url, {
        config: { scenario: "line-fit", seed: 7 },
        rules: { speedBonus: true },
      });
      sessionId = created.sessionId;
      expect(created.joinUrl).toMatch(new RegExp(`/play/${created.joinCode}$`));
      host = await attachHost(server.url, created);
      expect(host.views.latest!.session).toMatchObject({ status: "lobby", joinCode: created.joinCode });

      students = [];
      for (const name of ["Ada", "Grace", "Alan"]) students.push(await joinStudent(server.url, created.joinCode, name));
      expect(students[0].views.latest!.me).toMatchObject({ nickname: "Ada", total: 0 });

      const dup = await joinStudent(server.url, created.joinCode, "  ADA ").catch((e: Error) => e.message);
      expect(dup).toMatch(/NICKNAME_TAKEN/);

      const view = await host.views.waitFor((v) => v.players.length === 3 && v.players.every((p) => p.connected));
      expect(view.players.map((p) => p.nickname)).toEqual(["Ada", "Grace", "Alan"]);
    });

    it("plays a round: guesses (last one counts), close, reveal with scores and a leaderboard", async () => {
      const opened = await host.send("round:open", { k: 1 });
      expect(opened).toMatchObject({ ok: true, round: 1, deadline: null });
      const roundView = await students[1].views.waitFor((v) => v.round?.status === "open");
      expect(roundView.round).toMatchObject({ number: 1, myGuess: null });

      expect(await students[0].send("guess:submit", { alpha: 0.001 })).toMatchObject({ ok: true, round: 1, alpha: 0.001 });
      expect(await students[0].send("guess:submit", { alpha: 0.3 })).toMatchObject({ ok: true, alpha: 0.3 });
      expect(await students[1].send("guess:submit", { alpha: 0.05 })).toMatchObject({ ok: true });
      expect(await students[2].send("guess:submit", { alpha: 9 })).toMatchObject({ ok: true });
      expect(await students[2].send("guess:submit", { alpha: 1e9 })).toMatchObject({ ok: false, code: "ALPHA_OUT_OF_RANGE" });

      const hostSees = await host.views.waitFor((v) => v.round?.guesses.length === 3);
      expect(hostSees.round!.guesses.find((g) => g.playerId === students[0].playerId)!.alpha).toBe(0.3);
      // Nobody's phone learned anyone else's guess (Ada's superseded 0.001 included), as a number or as any text.
      // Alan's α = 9 is left out: an integer, it is also a legitimate count or seq (tests/security/phone-frames.test.ts
      // checks raw frames with distinctive values).
      const guesses = [[0.001, 0.3], [0.05], []];
      const leaks = students.flatMap((s, i) =>
        guesses.flatMap((alphas, j) => (i === j ? [] : alphas.flatMap((alpha) => findAlpha(s.views.views, alpha).map((w) => `${i}: ${alpha} as ${w}`)))),
      );
      expect(leaks).toEqual([]);

      expect(await host.send("round:close")).toMatchObject({ ok: true, round: 1 });
      expect(await students[0].send("guess:submit", { alpha: 0.1 })).toMatchObject({ ok: false, code: "ROUND_CLOSED" });
      const closed = await students[0].views.waitFor((v) => v.round?.status === "closed");
      expect(closed.reveal).toBeNull();

      expect(await host.send("round:reveal")).toMatchObject({ ok: true, round: 1 });
      const revealed = await Promise.all(students.map((s) => s.views.waitFor((v) => v.reveal?.round === 1)));
      const [ada, grace, alan] = revealed.map((v) => v.reveal!);
      expect(ada.mine).toMatchObject({ alpha: 0.3, rank: expect.any(Number) });
      expect(ada.curve.length).toBeGreaterThan(10);
      expect(ada.bestAlpha).toBeGreaterThan(0);
      // α = 9 blows a line fit up: it scores nothing and is judged as such.
      expect(alan.mine!.score).toBe(0);
      expect(["diverged", "too-large"]).toContain(alan.verdict);
      expect(grace.mine!.baseScore).toBeGreaterThan(0);
      const totals = revealed.map((v) => v.me.total);
      expect(totals).toEqual([ada.mine!.score, grace.mine!.score, alan.mine!.score]);
      expect(revealed[0].leaderboard[0].total).toBe(Math.max(...totals));
    });

    it("steps the shared network with each policy and runs k steps", async () => {
      const before = (await host.views.waitFor((v) => v.round?.status === "revealed")).history.length;
      const median = await host.send<{ ok: boolean; alpha: number; lossAfter: number; lossBefore: number }>("network:step", {
        policy: "median",
      });
      expect(median.ok).toBe(true);
      expect(median.alpha).toBe(0.3);
      expect(median.lossAfter).toBeLessThan(median.lossBefore);

      expect(await host.send("network:step", { policy: "best-guess" })).toMatchObject({ ok: true });
      expect(await host.send("network:step", { policy: "engine" })).toMatchObject({ ok: true });
      expect(await host.send("network:step", { policy: "player", playerId: students[1].playerId })).toMatchObject({
        ok: true,
        alpha: 0.05,
      });
      expect(await host.send("network:step", { policy: "host", alpha: 0.02 })).toMatchObject({ ok: true, alpha: 0.02 });
      expect(await host.send("network:step", { policy: "host" })).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });

      const run = await host.send<{ ok: boolean; stepsApplied: number; diverged: boolean }>("network:run", { alpha: 0.1, steps: 10 });
      expect(run).toMatchObject({ ok: true, stepsApplied: 10, diverged: false });
      const blowUp = await host.send<{ ok: boolean; stepsApplied: number; diverged: boolean }>("network:run", { alpha: 50, steps: 20 });
      expect(blowUp).toMatchObject({ ok: true, diverged: true });
      expect(blowUp.stepsApplied).toBeLessThan(20);

      const view = await host.views.waitFor((v) => v.history.length === before + 15 + blowUp.stepsApplied);
      expect(view.history.at(-1)!.policy).toBe("run");
      expect(view.engine.step).toBe(15 + blowUp.stepsApplied);
      const phone = await students[0].views.waitFor((v) => v.network.step === view.engine.step);
      expect(phone.network.trainLoss).toBe(view.history.at(-1)!.trainLoss);

      expect(await host.send("network:reset", { seed: "same" })).toMatchObject({ ok: true, seed: 7 });
      const reset = await host.views.waitFor((v) => v.engine.step === 0);
      expect(reset.history.at(-1)).toMatchObject({ policy: "reset", trainLoss: reset.history[0].trainLoss });
    });

    it("times a round with a horizon of k steps, pauses and resumes, then ends", async () => {
      const opened = await host.send<{ ok: boolean; deadline: number }>("round:open", { k: 3, timerSeconds: 5 });
      expect(opened.ok).toBe(true);
      expect(opened.deadline).toBeGreaterThan(Date.now() + 3000);
      await students[0].send("guess:submit", { alpha: 0.2 });

      expect(await host.send("session:pause")).toMatchObject({ ok: true });
      const paused = await students[1].views.waitFor((v) => v.session.status === "paused");
      expect(paused.round!.deadline).toBeNull();
      expect(paused.round!.pausedRemainingMs).toBeGreaterThan(3000);
      expect(await students[1].send("guess:submit", { alpha: 0.1 })).toMatchObject({ ok: false, code: "SESSION_PAUSED" });
      expect(await host.send("session:resume")).toMatchObject({ ok: true });
      await students[1].send("guess:submit", { alpha: 0.1 });

      // The timer closes the round by itself.
      const closed = await host.views.waitFor((v) => v.round?.number === 2 && v.round.status === "closed", 10_000);
      expect(closed.round!.results!.map((r) => r.playerId).sort()).toEqual([students[0].playerId, students[1].playerId].sort());
      expect(closed.round!.reveal!.k).toBe(3);

      expect(await students[2].send("round:open", {})).toMatchObject({ ok: false, code: "NOT_HOST" });
      expect(await host.send("session:end")).toMatchObject({ ok: true });
      const ended = await students[2].views.waitFor((v) => v.session.status === "ended");
      expect(ended.reveal?.round).toBe(2); // ending reveals the last round
      expect(await host.send("round:open", {})).toMatchObject({ ok: false, code: "SESSION_ENDED" });
    });

    it("rebuilds exactly the same session from the database log", async () => {
      const live = await host.views.waitFor((v) => v.session.status === "ended");
      const loaded = await new EventStore(server.database.prisma).load(sessionId);
      const rebuilt = foldEvents(loaded!.events);
      expect(rebuilt.integrity).toEqual([]);
      const view = hostView(rebuilt, {
        sessionId,
        joinCode: live.session.joinCode,
        joinUrl: live.session.joinUrl,
        replayUrl: live.session.replayUrl,
        now: live.serverNow,
        isConnected: (id) => live.players.find((p) => p.id === id)!.connected,
      });
      expect(view).toEqual(live);
    });
  });
}
