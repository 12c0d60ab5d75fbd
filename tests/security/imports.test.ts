import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldEvents, type SessionLogFile } from "@/lib/session";
import type { RunningServer } from "@/server/app-server";
import { DEFAULT_LIMITS } from "@/server/limits";
import { createScratchPostgresDatabase, createTempDataDir, postgresSkipReason, postgresTestUrl, type TempDataDir } from "../helpers/database";
import { attachHost, createSession, joinStudent } from "../helpers/lesson";
import { lessonLog, lessonLogBytes } from "../helpers/lesson-log";
import { startTestServer } from "../helpers/server";
import { connectClient, request } from "../helpers/socket-client";

type Body = { ok: boolean; code?: string; message?: string; sessionId?: string; joinCode?: string; hostToken?: string };

const post = async (url: string, body: string | object) => {
  const response = await fetch(`${url}/api/replays`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body };
};

const copy = (file: SessionLogFile): SessionLogFile => structuredClone(file);
const find = <T extends SessionLogFile["events"][number]["event"]["type"]>(file: SessionLogFile, type: T) => {
  const stored = file.events.find((e) => e.event.type === type)!;
  return stored.event as Extract<SessionLogFile["events"][number]["event"], { type: T }>;
};

describe("imports are untrusted input", () => {
  let dataDir: TempDataDir;
  let server: RunningServer;
  let exported: SessionLogFile;

  beforeAll(async () => {
    dataDir = await createTempDataDir();
    server = await startTestServer({ dataDir: dataDir.path, limits: { importsPerAddressPerHour: 1000 } });
    exported = await lessonLog({ students: 3, rounds: 2 });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await dataDir?.remove();
  });

  it("accepts a genuine export, as a read-only replay: no joins, no host commands, public log", async () => {
    const imported = await post(server.url, exported);
    expect(imported.status).toBe(201);
    const { sessionId, joinCode, hostToken } = imported.body as Required<Body>;
    expect((await fetch(`${server.url}/api/replays/${sessionId}`)).status).toBe(200);

    const phone = await connectClient(server.url);
    const join = await request<Body>(phone, "player:join", { code: joinCode, nickname: "Late Comer" });
    expect(join).toMatchObject({ ok: false, code: "SESSION_READ_ONLY" });
    phone.close();

    // The importer's console still opens (it shows the replayed state) but cannot change anything.
    const host = await attachHost(server.url, { sessionId, hostToken } as Parameters<typeof attachHost>[1]);
    expect(host.views.latest!.session.status).toBe("ended");
    expect(await host.send("round:open", {})).toMatchObject({ ok: false, code: "SESSION_READ_ONLY" });
    expect(await host.send("network:step", { policy: "engine" })).toMatchObject({ ok: false, code: "SESSION_READ_ONLY" });
    host.socket.close();

    // "Continue from here" makes a new, ordinary session from it.
    const next = await createSession(server.url, { continueFrom: { sessionId, seq: 5 } });
    const nextHost = await attachHost(server.url, next);
    expect(await nextHost.send("round:open", {})).toMatchObject({ ok: true });
    nextHost.socket.close();

    const list = await (await fetch(`${server.url}/api/sessions/summaries`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ids: [sessionId] }) })).json();
    expect(list.sessions[0]).toMatchObject({ id: sessionId, status: "ended", players: 3, rounds: 2, steps: foldEvents(exported.events).stepsTotal });
  });

  it("imports a live session's export as read-only too: students cannot join the copy", async () => {
    const created = await createSession(server.url);
    const host = await attachHost(server.url, created);
    const student = await joinStudent(server.url, created.joinCode, "Ada");
    await host.send("round:open", {});
    const live = await (await fetch(`${server.url}/api/replays/${created.sessionId}/log.json`, { headers: { authorization: `Bearer ${created.hostToken}` } })).text();
    const imported = await post(server.url, live);
    expect(imported.status).toBe(201);
    const phone = await connectClient(server.url);
    expect(await request<Body>(phone, "player:join", { code: imported.body.joinCode, nickname: "Bob" })).toMatchObject({ code: "SESSION_READ_ONLY" });
    for (const s of [phone, host.socket, student.socket]) s.close();
  });

  const forgeries: [string, (f: SessionLogFile) => void, number, string][] = [
    ["requestedSteps of 20,000,000", (f) => (find(f, "network.stepped").requestedSteps = 20_000_000), 400, "INVALID_PAYLOAD"],
    ["a horizon k of 1,000", (f) => (find(f, "round.opened").k = 1000), 400, "INVALID_PAYLOAD"],
    ["a 5,026-character nickname with U+202E and <script>", (f) => (find(f, "player.joined").nickname = `\u202E<script>alert(1)</script>${"x".repeat(5000)}`), 400, "INVALID_PAYLOAD"],
    ["a short nickname with U+202E", (f) => (find(f, "player.joined").nickname = "\u202Eevil"), 400, "IMPORT_REJECTED"],
    ["a lone surrogate", (f) => (find(f, "player.joined").nickname = "a\uD800b"), 400, "IMPORT_REJECTED"],
    ["a forged score", (f) => (find(f, "round.closed").scoring.results[0].score += 1), 400, "IMPORT_REJECTED"],
    ["a forged rank", (f) => (find(f, "round.closed").scoring.results[0].rank = 99), 400, "IMPORT_REJECTED"],
    ["a forged best α", (f) => (find(f, "round.closed").scoring.bestAlpha = 0.123), 400, "IMPORT_REJECTED"],
    ["a forged weight checksum", (f) => (find(f, "network.stepped").checksum = "0000000000000000"), 400, "IMPORT_REJECTED"],
    ["a guess out of the session's α range", (f) => (find(f, "guess.submitted").alpha = 99), 400, "IMPORT_REJECTED"],
    ["a guess by a player who never joined", (f) => (find(f, "guess.submitted").playerId = "nobody-here"), 400, "IMPORT_REJECTED"],
    ["a guess outside an open round", (f) => f.events.splice(f.events.findIndex((e) => e.event.type === "round.opened"), 1), 400, "IMPORT_REJECTED"],
    ["more players than this server allows", (f) => (find(f, "session.created").maxPlayers = 5000), 400, "IMPORT_REJECTED"],
    ["a time no date can hold", (f) => (f.events[2].at = 1e300), 400, "INVALID_PAYLOAD"],
    ["a forged deadline", (f) => (find(f, "round.opened").deadline! += 1), 400, "IMPORT_REJECTED"],
  ];

  it.each(forgeries)("refuses %s", async (_what, forge, status, code) => {
    const forged = copy(exported);
    forge(forged);
    // A removed event leaves a gap in the numbering; renumber so the forgery itself is what is judged.
    forged.events.forEach((e, i) => (e.seq = i + 1));
    const refused = await post(server.url, forged);
    expect(refused.status).toBe(status);
    expect(refused.body).toMatchObject({ ok: false, code });
    expect(refused.body.message!.length).toBeGreaterThan(10);
    if (process.env.SHOW_REFUSALS) console.log(_what, "→", refused.body.message);
  });

  it("refuses a body that is not JSON, or not an export", async () => {
    expect((await post(server.url, "{not json")).body.code).toBe("INVALID_PAYLOAD");
    expect((await post(server.url, { hello: "world" })).body.code).toBe("INVALID_PAYLOAD");
  });
});

describe("import size caps, rate limit and time budget", () => {
  let dataDir: TempDataDir;
  let exported: SessionLogFile;
  beforeAll(async () => {
    dataDir = await createTempDataDir();
    exported = await lessonLog({ students: 3, rounds: 2 });
  });
  afterAll(async () => dataDir?.remove());

  it("answers 413 IMPORT_TOO_LARGE over the byte cap and over the event cap", async () => {
    const text = JSON.stringify(exported);
    const server = await startTestServer({ dataDir: dataDir.path, limits: { importMaxBytes: text.length + 10, importMaxEvents: exported.events.length - 1 } });
    try {
      // JSON allows trailing white space: the same log, 11 bytes over the cap.
      const bytes = await post(server.url, text + " ".repeat(21));
      expect(bytes.status).toBe(413);
      expect(bytes.body).toMatchObject({ code: "IMPORT_TOO_LARGE", message: expect.stringMatching(/MB/) });
      const events = await post(server.url, text);
      expect(events.status).toBe(413);
      expect(events.body).toMatchObject({ code: "IMPORT_TOO_LARGE", message: expect.stringMatching(/events/) });
    } finally {
      await server.close();
    }
  });

  it("rate-limits imports per address with 429 and Retry-After", async () => {
    const server = await startTestServer({ dataDir: dataDir.path, limits: { importsPerAddressPerHour: 2 } });
    try {
      expect((await post(server.url, exported)).status).toBe(201);
      expect((await post(server.url, exported)).status).toBe(201);
      const limited = await post(server.url, exported);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe("RATE_LIMITED");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(60);
    } finally {
      await server.close();
    }
  });

  it("stops an import that overruns its time budget and keeps serving", async () => {
    const server = await startTestServer({ dataDir: dataDir.path, limits: { importFoldMs: 1 } });
    try {
      const slow = await post(server.url, exported);
      expect(slow.status).toBe(400);
      expect(slow.body).toMatchObject({ code: "IMPORT_REJECTED", message: expect.stringMatching(/longer than/) });
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe("the largest allowed import does not stall live sessions", () => {
  it("keeps /api/health and a live guess answering while it is checked, folded and stored", async () => {
    // Just under the default 8 MB cap (bench/import.ts prints the same figures with a baseline).
    const body = lessonLogBytes({ students: 500, rounds: 58 });
    expect(body.length).toBeLessThanOrEqual(DEFAULT_LIMITS.importMaxBytes);
    expect(body.length).toBeGreaterThan(DEFAULT_LIMITS.importMaxBytes * 0.9);
    const dataDir = await createTempDataDir();
    // A generous time budget: this machine is shared; the limit itself is tested above.
    const server = await startTestServer({ dataDir: dataDir.path, limits: { importFoldMs: 240_000 } });
    try {
      const created = await createSession(server.url);
      const host = await attachHost(server.url, created);
      const student = await joinStudent(server.url, created.joinCode, "Live Student");
      await host.send("round:open", {});
      const health: number[] = [];
      const guesses: number[] = [];
      let done = false;
      const started = performance.now();
      const importing = post(server.url, body.toString("utf8")).finally(() => (done = true));
      const pollHealth = (async () => {
        while (!done) {
          const t = performance.now();
          expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
          health.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      const pollGuesses = (async () => {
        for (let i = 0; !done && i < 50; i++) {
          const t = performance.now();
          expect(await student.send("guess:submit", { alpha: 0.01 + i / 1000 })).toMatchObject({ ok: true });
          guesses.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 300));
        }
      })();
      const imported = await importing;
      const importMs = performance.now() - started;
      await Promise.all([pollHealth, pollGuesses]);
      expect(imported.status).toBe(201);
      const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(
        `import of ${(body.length / 1048576).toFixed(2)} MB took ${importMs.toFixed(0)} ms; ` +
          `/api/health p50 ${p50(health).toFixed(0)} ms max ${Math.max(...health).toFixed(0)} ms (n=${health.length}); ` +
          `guess ack p50 ${p50(guesses).toFixed(0)} ms max ${Math.max(...guesses).toFixed(0)} ms (n=${guesses.length})`,
      );
      expect(health.length).toBeGreaterThan(10);
      expect(guesses.length).toBeGreaterThan(3);
      // The requirement is 100 ms; the machine tests run on is shared with other suites, so only the typical answer
      // is held to it and single answers get a wide margin (the old code answered nothing for minutes).
      expect(p50(health)).toBeLessThan(100);
      expect(p50(guesses)).toBeLessThan(250);
      expect(Math.max(...health)).toBeLessThan(3000);
      expect(Math.max(...guesses)).toBeLessThan(3000);
      host.socket.close();
      student.socket.close();
    } finally {
      await server.close();
      await dataDir.remove();
    }
  }, 300_000);
});

describe.skipIf(!!postgresSkipReason())("imports on a PostgreSQL server", () => {
  it("stores a checked import in chunks and serves the same log back", async () => {
    const scratch = await createScratchPostgresDatabase(postgresTestUrl()!);
    const dataDir = await createTempDataDir();
    const server = await startTestServer({ dataDir: dataDir.path, databaseUrl: scratch.url });
    try {
      // Over 100 events, so the rows go in several statements.
      const exported = await lessonLog({ students: 40, rounds: 4 });
      expect(exported.events.length).toBeGreaterThan(200);
      const imported = await post(server.url, exported);
      expect(imported.status).toBe(201);
      const served = (await (await fetch(`${server.url}/api/replays/${imported.body.sessionId}`)).json()) as SessionLogFile;
      expect(served.verification).toMatchObject({ issues: [] });
      expect(served.events).toEqual(exported.events);
    } finally {
      await server.close();
      await dataDir.remove();
      await scratch.drop();
    }
  }, 120_000);
});
