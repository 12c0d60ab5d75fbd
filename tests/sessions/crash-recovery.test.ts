import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildServer, spawnServer } from "../helpers/child-server";
import { createScratchPostgresDatabase, createTempDataDir, postgresSkipReason, postgresTestUrl } from "../helpers/database";
import { attachHost, createSession, joinStudent, resumeStudent, type Student } from "../helpers/lesson";

type Mode = { name: "embedded" | "postgres"; skip?: string };
const modes: Mode[] = [{ name: "embedded" }, { name: "postgres", skip: postgresSkipReason() }];

for (const mode of modes) {
  describe.skipIf(!!mode.skip)(`kill -9 in the middle of an open round (${mode.name})`, () => {
    let dataDir: Awaited<ReturnType<typeof createTempDataDir>>;
    let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>> | undefined;
    let server: ChildServer | undefined;
    const env = () => ({ DATA_DIR: dataDir.path, DATABASE_URL: scratch?.url ?? "" });

    beforeAll(async () => {
      dataDir = await createTempDataDir();
      if (mode.name === "postgres") scratch = await createScratchPostgresDatabase(postgresTestUrl()!);
    });
    afterAll(async () => {
      await server?.stop("SIGKILL");
      await scratch?.drop();
      await dataDir?.remove();
    });

    it("keeps every acknowledged guess, restores phones by token and closes the round on time", async () => {
      server = await spawnServer(env());
      const created = await createSession(server.url, { config: { scenario: "classification", dataset: "xor", seed: 3 } });
      const host = await attachHost(server.url, created);
      const students: Student[] = [];
      for (let i = 0; i < 5; i++) students.push(await joinStudent(server.url, created.joinCode, `student ${i}`));

      const timerSeconds = 12;
      const opened = await host.send<{ ok: boolean; deadline: number }>("round:open", { timerSeconds, k: 2 });
      expect(opened.ok).toBe(true);
      const acknowledged = new Map<string, number>();
      await Promise.all(
        students.map(async (s, i) => {
          const alpha = 0.05 * (i + 1);
          const ack = await s.send<{ ok: boolean }>("guess:submit", { alpha });
          expect(ack.ok).toBe(true);
          acknowledged.set(s.playerId, alpha);
        }),
      );
      // One student changes their mind; the later guess is the one that counts.
      expect(await students[0].send("guess:submit", { alpha: 0.9 })).toMatchObject({ ok: true });
      acknowledged.set(students[0].playerId, 0.9);

      expect(await server.stop("SIGKILL")).toBeNull();
      for (const s of [host, ...students]) s.socket.close();

      server = await spawnServer(env());
      // On a loaded machine the restart can outlast the timer: then the round is due at once, and closes on start.
      const dueAt = Math.max(opened.deadline, Date.now());
      const phones = await Promise.all(students.map((s) => resumeStudent(server!.url, s.sessionId, s.playerToken)));
      for (const [i, phone] of phones.entries()) {
        expect(phone.ack).toMatchObject({ ok: true, playerId: students[i].playerId });
        const view = phone.views.latest!;
        const status = view.serverNow < opened.deadline ? "open" : view.round?.status;
        expect(view.round).toMatchObject({ number: 1, status, myGuess: acknowledged.get(students[i].playerId) });
        expect(["open", "closed"]).toContain(status);
        if (status === "open") expect(view.round!.deadline).toBe(opened.deadline);
      }
      const host2 = await attachHost(server.url, created);
      const guesses = new Map(host2.views.latest!.round!.guesses.map((g) => [g.playerId, g.alpha]));
      expect(guesses).toEqual(acknowledged);

      // The restarted server closes the round at the stored deadline, without the host.
      const closed = await host2.views.waitFor((v) => v.round?.status === "closed", 20_000);
      expect(Date.now()).toBeGreaterThanOrEqual(opened.deadline - 50);
      expect(Date.now()).toBeLessThan(dueAt + 3_000);
      const results = new Map(closed.round!.results!.map((r) => [r.playerId, r.alpha]));
      expect(results).toEqual(acknowledged);

      expect(await host2.send("round:reveal")).toMatchObject({ ok: true });
      const revealed = await phones[2].views.waitFor((v) => v.reveal?.round === 1);
      expect(revealed.reveal!.mine!.alpha).toBe(acknowledged.get(students[2].playerId));
      for (const s of [host2, ...phones]) s.socket.close();
    }, 90_000);
  });
}
