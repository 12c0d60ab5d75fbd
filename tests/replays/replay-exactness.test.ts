import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checksum } from "@/lib/engine";
import type { HostView } from "@/lib/protocol";
import { foldEvents, hostView, resultsCsv, studentViews, type SessionLogFile } from "@/lib/session";
import type { RunningServer } from "@/server/app-server";
import { DEFAULT_LIMITS } from "@/server/limits";
import { createTempDataDir } from "../helpers/database";
import { attachHost, createSession, joinStudent, type Host, type Student } from "../helpers/lesson";
import { startTestServer } from "../helpers/server";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const scenarios = [
  { scenario: "one-weight" },
  { scenario: "line-fit" },
  { scenario: "classification", dataset: "moons", batchSize: 16 },
  { scenario: "curve-fit", target: "sine" },
];

/** Plays a random lesson through the server: rounds, guesses, every step policy, runs and resets. */
async function playRandomLesson(url: string, seed: number, config: object) {
  const random = lcg(seed);
  const created = await createSession(url, { config: { ...config, seed }, rules: { speedBonus: random() < 0.5 } });
  const host = await attachHost(url, created);
  const students: Student[] = [];
  for (let i = 0; i < 4; i++) students.push(await joinStudent(url, created.joinCode, `s${seed}-${i}`));
  const logAlpha = () => 10 ** (-3 + 3.5 * random());
  for (let round = 0; round < 3; round++) {
    await host.send("round:open", { k: 1 + Math.floor(random() * 4) });
    for (const s of students) if (random() < 0.85) await s.send("guess:submit", { alpha: Number(logAlpha().toPrecision(2)) });
    await host.send("round:close");
    await host.send("round:reveal");
    const policies = ["median", "best-guess", "engine", "host", "player"] as const;
    const policy = policies[Math.floor(random() * policies.length)];
    await host.send("network:step", {
      policy,
      ...(policy === "host" ? { alpha: logAlpha() } : {}),
      ...(policy === "player" ? { playerId: students[0].playerId } : {}),
    });
    await host.send("network:run", { alpha: logAlpha(), steps: 1 + Math.floor(random() * 8) });
    if (random() < 0.3) await host.send("network:reset", { seed: random() < 0.5 ? "new" : "same" });
  }
  await host.send("session:end");
  await host.views.waitFor((v) => v.session.status === "ended");
  return { created, host, students };
}

const comparable = (v: HostView) => ({
  ...v,
  serverNow: 0,
  session: { ...v.session, joinUrl: "", replayUrl: "" },
  players: v.players.map((p) => ({ ...p, connected: false })),
});

describe("replays reproduce live sessions exactly", () => {
  let dataDir: Awaited<ReturnType<typeof createTempDataDir>>;
  let server: RunningServer;
  const played: { created: Awaited<ReturnType<typeof createSession>>; host: Host; students: Student[] }[] = [];

  beforeAll(async () => {
    dataDir = await createTempDataDir();
    server = await startTestServer({ dataDir: dataDir.path });
    for (const [i, config] of scenarios.entries()) played.push(await playRandomLesson(server.url, 101 + i * 17, config));
  }, 120_000);
  afterAll(async () => {
    for (const p of played) for (const s of [p.host, ...p.students]) s.socket.close();
    await server?.close();
    await dataDir?.remove();
  });

  const fetchLog = async (id: string) => {
    const response = await fetch(`${server.url}/api/replays/${id}`, { headers: { "accept-encoding": "gzip" } });
    expect(response.status).toBe(200);
    return (await response.json()) as SessionLogFile;
  };

  it("folds the stored log into the live final state and every broadcast state, bit for bit", async () => {
    for (const { created, host, students } of played) {
      const log = await fetchLog(created.sessionId);
      const final = foldEvents(log.events);
      expect(final.integrity).toEqual([]);
      // The server says so too, with the number of checksums it compared.
      expect(log.verification!.issues).toEqual([]);
      expect(log.verification!.checks).toBeGreaterThan(5);
      const ctx = { sessionId: created.sessionId, joinCode: created.joinCode, joinUrl: "", replayUrl: "", now: 0, isConnected: () => false };
      const live = host.views.latest!;
      expect(checksum(final.engine)).toBe(live.checksum);
      expect(comparable(hostView(final, ctx))).toEqual(comparable(live));

      // Every snapshot the console received equals the replay stopped at that event.
      const seen = new Set<number>();
      for (const view of host.views.views) {
        if (seen.has(view.seq)) continue;
        seen.add(view.seq);
        const prefix = foldEvents(log.events.slice(0, view.seq));
        expect(comparable(hostView(prefix, ctx))).toEqual(comparable(view));
      }
      expect(seen.size).toBeGreaterThanOrEqual(3);

      // Phones get a snapshot on every public change: each must equal the replay at that event, too.
      const phone = students[1];
      const phoneSeqs = new Set(phone.views.views.map((v) => v.seq));
      for (const view of phone.views.views) {
        const prefix = foldEvents(log.events.slice(0, view.seq));
        const replayed = studentViews(prefix, { sessionId: created.sessionId, joinCode: created.joinCode, now: 0, guessesPerRound: DEFAULT_LIMITS.guessesPerRound })(phone.playerId);
        expect({ ...replayed, serverNow: 0 }).toEqual({ ...view, serverNow: 0 });
      }
      expect(phoneSeqs.size).toBeGreaterThan(15);
    }
  });

  it("exports CSV and JSON; importing the JSON elsewhere replays to the same CSV", async () => {
    const { created } = played[2];
    const csvResponse = await fetch(`${server.url}/api/replays/${created.sessionId}/results.csv`);
    expect(csvResponse.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csvResponse.headers.get("content-disposition")).toMatch(/attachment; filename="backprop-live-.+-results\.csv"/);
    const csv = await csvResponse.text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("nickname,round,alpha,loss_reached,score,rank,answered_after_s,running_total,guess,calibration,verdict");
    expect(lines.length).toBeGreaterThan(5);

    const exported = await (await fetch(`${server.url}/api/replays/${created.sessionId}/log.json`)).text();
    // Import into a different installation: a second server with its own database.
    const otherDir = await createTempDataDir();
    const other = await startTestServer({ dataDir: otherDir.path });
    try {
      const imported = await fetch(`${other.url}/api/replays`, { method: "POST", headers: { "content-type": "application/json" }, body: exported });
      expect(imported.status).toBe(201);
      const { sessionId } = (await imported.json()) as { sessionId: string };
      expect(sessionId).not.toBe(created.sessionId);
      const csvThere = await (await fetch(`${other.url}/api/replays/${sessionId}/results.csv`)).text();
      expect(csvThere).toBe(csv);

      // A tampered log (one weight checksum changed) is refused, not stored.
      const tampered = JSON.parse(exported) as SessionLogFile;
      const step = tampered.events.find((e) => e.event.type === "network.stepped")!;
      if (step.event.type === "network.stepped") step.event.checksum = "0000000000000000";
      const refused = await fetch(`${other.url}/api/replays`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(tampered) });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: "IMPORT_REJECTED" });
    } finally {
      await other.close();
      await otherDir.remove();
    }
    expect(resultsCsv((await fetchLog(created.sessionId)).events)).toBe(csv);
  });

  it("continues a new live session from any step of a replay, with the exact same network", async () => {
    const { created } = played[3];
    const log = await fetchLog(created.sessionId);
    const at = log.events.findIndex((e) => e.event.type === "network.stepped") + 1;
    const expected = foldEvents(log.events.slice(0, at));
    const next = await createSession(server.url, { continueFrom: { sessionId: created.sessionId, seq: at } });
    const host = await attachHost(server.url, next);
    const view = host.views.latest!;
    expect(view.checksum).toBe(checksum(expected.engine));
    expect(view.engine.params).toEqual(Array.from(expected.engine.params));
    expect(view.players).toEqual([]);
    expect(await host.send("network:step", { policy: "engine" })).toMatchObject({ ok: true });
    host.socket.close();

    const missing = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ continueFrom: { sessionId: "nope-nope-nope", seq: 1 } }),
    });
    expect(missing.status).toBe(404);
  });

  it("lists sessions for My sessions and lets only the host delete one", async () => {
    const ids = played.map((p) => p.created.sessionId);
    const list = await (await fetch(`${server.url}/api/sessions/summaries`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids: [...ids, "unknown-id-123"] }) })).json();
    expect(list.sessions).toHaveLength(4);
    expect(list.sessions[0]).toMatchObject({ id: ids[0], scenario: "one-weight", status: "ended", players: 4, rounds: 3 });
    expect(list.sessions[0].steps).toBeGreaterThan(3);

    const { created, students } = played[0];
    const url = `${server.url}/api/sessions/${created.sessionId}`;
    expect((await fetch(url, { method: "DELETE" })).status).toBe(401);
    expect((await fetch(url, { method: "DELETE", headers: { authorization: `Bearer ${"x".repeat(43)}` } })).status).toBe(403);
    const told = new Promise<{ message: string }>((resolve) => students[0].socket.once("session:deleted", resolve));
    expect((await fetch(url, { method: "DELETE", headers: { authorization: `Bearer ${created.hostToken}` } })).status).toBe(204);
    expect((await told).message).toMatch(/deleted/);
    expect((await fetch(`${server.url}/api/replays/${created.sessionId}`)).status).toBe(404);
    expect(await server.database.prisma.sessionEvent.count({ where: { sessionId: created.sessionId } })).toBe(0);
    expect(await server.database.prisma.player.count({ where: { sessionId: created.sessionId } })).toBe(0);
  });
});

describe("retention", () => {
  it("purges sessions older than RETENTION_DAYS at start-up and keeps newer ones", async () => {
    const dataDir = await createTempDataDir();
    let server = await startTestServer({ dataDir: dataDir.path });
    const old = await createSession(server.url);
    const recent = await createSession(server.url);
    await server.database.prisma.session.update({ where: { id: old.sessionId }, data: { createdAt: new Date(Date.now() - 40 * 86_400_000) } });
    await server.close();
    server = await startTestServer({ dataDir: dataDir.path, retentionDays: 30 });
    try {
      expect((await fetch(`${server.url}/api/replays/${old.sessionId}`)).status).toBe(404);
      expect((await fetch(`${server.url}/api/replays/${recent.sessionId}`, { headers: { authorization: `Bearer ${recent.hostToken}` } })).status).toBe(200);
    } finally {
      await server.close();
      await dataDir.remove();
    }
  });
});
