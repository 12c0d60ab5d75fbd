import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "@/server/app-server";
import { postgresSkipReason } from "../helpers/database";
import { useScratchPostgres, useTempDataDir } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, resumeStudent } from "../helpers/lesson";
import { startTestServer } from "../helpers/server";

describe.skipIf(!!postgresSkipReason())("two server processes on one PostgreSQL", () => {
  const scratch = useScratchPostgres();
  const dataDir = useTempDataDir();
  let a: RunningServer;
  let b: RunningServer;

  beforeAll(async () => {
    a = await startTestServer({ dataDir: dataDir.path, databaseUrl: scratch.url });
    b = await startTestServer({ dataDir: dataDir.path, databaseUrl: scratch.url });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("rebuilds a session played on one server on the other, and neither loses the other's writes", async () => {
    const created = await createSession(a.url, { config: { scenario: "curve-fit", seed: 11 } });
    const hostA = await attachHost(a.url, created);
    const ada = await joinStudent(a.url, created.joinCode, "Ada");
    const grace = await joinStudent(a.url, created.joinCode, "Grace");
    await hostA.send("round:open", { timerSeconds: 60 });
    await ada.send("guess:submit", { alpha: 0.1 });
    await grace.send("guess:submit", { alpha: 0.02 });

    // Server B has never seen this session: it folds the log from the database.
    const hostB = await attachHost(b.url, created);
    const viewB = hostB.views.latest!;
    expect(viewB.players.map((p) => p.nickname)).toEqual(["Ada", "Grace"]);
    expect(viewB.round).toMatchObject({ number: 1, status: "open", timerSeconds: 60 });
    expect(new Map(viewB.round!.guesses.map((g) => [g.playerId, g.alpha]))).toEqual(
      new Map([
        [ada.playerId, 0.1],
        [grace.playerId, 0.02],
      ]),
    );
    expect(viewB.checksum).toBe(hostA.views.latest!.checksum);

    // A phone moves to server B with its token; B writes after A did, so B must catch up first.
    const graceOnB = await resumeStudent(b.url, grace.sessionId, grace.playerToken);
    expect(graceOnB.views.latest!.round!.myGuess).toBe(0.02);
    await ada.send("guess:submit", { alpha: 0.3 }); // written by A
    expect(await graceOnB.send("guess:submit", { alpha: 0.05 })).toMatchObject({ ok: true }); // written by B
    expect(await hostB.send("round:close")).toMatchObject({ ok: true });
    const closed = await hostB.views.waitFor((v) => v.round?.status === "closed");
    expect(new Map(closed.round!.results!.map((r) => [r.playerId, r.alpha]))).toEqual(
      new Map([
        [ada.playerId, 0.3],
        [grace.playerId, 0.05],
      ]),
    );
    // And A sees B's close when it next writes: a guess now is refused because the round is closed.
    expect(await ada.send("guess:submit", { alpha: 0.4 })).toMatchObject({ ok: false, code: "ROUND_CLOSED" });
    for (const s of [hostA, hostB, ada, grace, graceOnB]) s.socket.close();
  });
});
