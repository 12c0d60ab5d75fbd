import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrityVerdict } from "@/app/replay/_components/integrity-verdict";
import { loadReplay } from "@/app/replay/_components/load-replay";
import { ReplayFold } from "@/app/replay/_components/replay-fold";
import { buildTimeline } from "@/app/replay/_components/timeline";
import type { CreateSessionResponse } from "@/lib/protocol";
import { foldEvents, hostView, type SessionLogFile, type StoredEvent } from "@/lib/session";
import { artifactPath, browserSkipReason } from "../helpers/browser";
import { HOST_SESSIONS_KEY, hostSessionRecord, openPage, useBrowser, useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, type Host, type Student } from "../helpers/lesson";

const LAPTOP = { width: 1440, height: 900 };
const NAMES = ["Ada", "Grace", "Alan"] as const;

type Lesson = { created: CreateSessionResponse; host: Host; students: Student[] };

/**
 * A short line-fit lesson over Socket.IO: 3 students, 2 rounds with guesses and reveals, steps, a run, a reset, a
 * pause, a lock and a kick.
 * Noise 0: plain-arithmetic data. (Since the engine computes with deterministic math, noisy lessons reproduce in the
 * browser too: playNoisyLesson below checks exactly that.)
 */
async function playLesson(url: string): Promise<Lesson> {
  const created = await createSession(url, { config: { scenario: "line-fit", seed: 7, noise: 0 } });
  const host = await attachHost(url, created);
  const students: Student[] = [];
  for (const name of NAMES) students.push(await joinStudent(url, created.joinCode, name));
  const rounds = [
    { k: 1, alphas: [0.02, 0.3, 9] },
    { k: 2, alphas: [0.1, 0.5, 0.01] },
  ];
  for (const [r, round] of rounds.entries()) {
    await host.send("round:open", { k: round.k });
    // A pause and a lock in round 2: small events inside a frame, which the frame snapshots must still capture.
    if (r === 1) for (const [event, payload] of [["session:pause", {}], ["session:resume", {}], ["session:lock", { locked: true }]] as const) await host.send(event, payload);
    await Promise.all(students.map((s, i) => s.send("guess:submit", { alpha: round.alphas[i] })));
    await host.send("round:close");
    await host.send("round:reveal");
    await host.send("network:step", { policy: "median" });
    await host.send("network:run", { alpha: 0.05, steps: 3 });
  }
  await host.send("network:reset", { seed: "same" });
  await host.send("network:step", { policy: "best-guess" });
  // Alan leaves the board before the end: the final frames rank two students, the earlier ones three.
  await host.send("player:kick", { playerId: students[2].playerId });
  await host.send("session:end");
  await host.views.waitFor((v) => v.session.status === "ended");
  return { created, host, students };
}

/**
 * A noisy classification lesson with tanh hidden layers: data drawn with ln/cos, tanh and sigmoid in every pass.
 * With deterministic math the browser reproduces every checksum of it itself.
 */
async function playNoisyLesson(url: string): Promise<Lesson> {
  const created = await createSession(url, {
    config: { scenario: "classification", dataset: "spiral", noise: 0.3, seed: 31, hiddenLayers: [{ neurons: 6, activation: "tanh" }, { neurons: 4, activation: "tanh" }] },
  });
  const host = await attachHost(url, created);
  const students: Student[] = [];
  for (const name of NAMES) students.push(await joinStudent(url, created.joinCode, name));
  for (const [r, alphas] of [[0.03, 0.3, 3], [0.1, 1, 0.01]].entries()) {
    await host.send("round:open", { k: 1 + r });
    await Promise.all(students.map((s, i) => s.send("guess:submit", { alpha: alphas[i] })));
    await host.send("round:close");
    await host.send("round:reveal");
    await host.send("network:step", { policy: "engine" });
    await host.send("network:run", { alpha: 0.3, steps: 20 });
  }
  await host.send("network:reset", { seed: "new" });
  await host.send("network:run", { alpha: 0.5, steps: 10 });
  await host.send("session:end");
  await host.views.waitFor((v) => v.session.status === "ended");
  return { created, host, students };
}

/** Whether the page's loader passes the server's `verification` on to the replay (see the legacy test below). */
async function loaderKeepsVerification(): Promise<boolean> {
  const realFetch = globalThis.fetch;
  const events = [{ seq: 1, at: 1, event: { type: "session.created", config: { scenario: "one-weight" }, rules: {}, maxPlayers: 5 } }];
  const body = { format: "backprop-live.session", version: 1, session: { id: "probe", joinCode: "PRB001", createdAt: 1 }, events, verification: { checks: 0, issues: [] } };
  globalThis.fetch = async () => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  try {
    const loaded = await loadReplay("probe-session-0001");
    return loaded.status === "ready" && loaded.file.verification !== undefined;
  } finally {
    globalThis.fetch = realFetch;
  }
}

/** A log recorded before deterministic math (tests/fixtures/record-logs.ts), as an export file. */
function legacyExport(): string {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/legacy-math/spiral-tanh-noisy.json");
  const events = JSON.parse(readFileSync(file, "utf8")) as StoredEvent[];
  return JSON.stringify({ format: "backprop-live.session", version: 1, session: { id: "legacy-spiral-0001", joinCode: "LEG001", createdAt: events[0].at }, events });
}

async function fetchLog(url: string, id: string, hostToken?: string): Promise<SessionLogFile> {
  const response = await fetch(`${url}/api/replays/${id}`, hostToken ? { headers: { authorization: `Bearer ${hostToken}` } } : {});
  expect(response.status).toBe(200);
  return (await response.json()) as SessionLogFile;
}

const checkedEvents = (log: SessionLogFile) =>
  log.events.filter((e) => ["network.stepped", "round.closed", "network.reset"].includes(e.event.type)).length;

describe("replay frames", () => {
  const server = useTestServer();
  let lesson: Lesson;

  beforeAll(async () => {
    lesson = await playLesson(server.url);
  });
  afterAll(async () => {
    for (const s of [lesson?.host, ...(lesson?.students ?? [])]) s?.socket.close();
  });

  it("keeps, for every frame, exactly the state a fresh fold of the log up to that event gives", async () => {
    const log = await fetchLog(server.url, lesson.created.sessionId);
    const timeline = buildTimeline(log.events);
    // Start, 2 × (open, closed, revealed, step, run), reset, step, end.
    expect(timeline.frames.map((f) => f.kind)).toEqual([
      "start",
      ...["round-open", "round-closed", "round-revealed", "step", "step"],
      ...["round-open", "round-closed", "round-revealed", "step", "step"],
      "reset",
      "step",
      "ended",
    ]);
    expect(timeline.frames.at(-1)?.seq).toBe(log.events.length);
    expect(timeline.checks).toBe(checkedEvents(log));

    const fold = new ReplayFold(log.events, timeline.frames);
    fold.start();
    await new Promise<void>((resolve) => {
      const stop = fold.subscribe(() => {
        if (!fold.done) return;
        stop();
        resolve();
      });
    });
    expect(fold.error).toBeNull();
    expect(fold.integrity).toEqual([]);
    expect(fold.ready).toBe(timeline.frames.length);
    const ctx = { sessionId: "s", joinCode: "c", joinUrl: "", replayUrl: "", now: 0, isConnected: () => false };
    for (const frame of timeline.frames) {
      const fresh = foldEvents(log.events.slice(0, frame.seq));
      expect(hostView(fold.stateAt(frame.index)!, ctx)).toEqual(hostView(fresh, ctx));
    }
  });
});

describe("whose recomputation proves a replay", () => {
  const issue = { seq: 9, expected: "aaaaaaaaaaaaaaaa", actual: "bbbbbbbbbbbbbbbb" };
  const clean = { checks: 12, issues: [] };
  const base = { done: true, foldError: null };

  it("deterministic logs: the browser's own fold is the authority, and any mismatch is an error", () => {
    expect(integrityVerdict({ ...base, deterministic: true, issues: [], serverCheck: clean })).toEqual({ kind: "verified", by: "browser", browserDiffers: 0 });
    expect(integrityVerdict({ ...base, deterministic: true, issues: [], serverCheck: null })).toMatchObject({ kind: "verified", by: "browser" });
    // The server calling it clean does not excuse a difference in this browser: the maths is the same everywhere.
    expect(integrityVerdict({ ...base, deterministic: true, issues: [issue], serverCheck: clean })).toEqual({ kind: "mismatch", issues: [issue] });
    expect(integrityVerdict({ ...base, deterministic: true, issues: [], serverCheck: { checks: 12, issues: [issue] } })).toMatchObject({ kind: "mismatch" });
    expect(integrityVerdict({ ...base, done: false, deterministic: true, issues: [], serverCheck: clean })).toEqual({ kind: "checking" });
  });

  it("legacy logs: the server is the authority; the browser's rounding is a note", () => {
    expect(integrityVerdict({ ...base, deterministic: false, issues: [issue, { ...issue, seq: 11 }], serverCheck: clean })).toEqual({
      kind: "verified",
      by: "server",
      browserDiffers: 2,
    });
    expect(integrityVerdict({ ...base, deterministic: false, issues: [], serverCheck: { checks: 12, issues: [issue] } })).toMatchObject({ kind: "mismatch" });
    // Without the server's word the browser's own result is all there is, and it fails closed.
    expect(integrityVerdict({ ...base, deterministic: false, issues: [issue], serverCheck: null })).toMatchObject({ kind: "mismatch" });
    expect(integrityVerdict({ ...base, deterministic: false, issues: [], serverCheck: null })).toMatchObject({ kind: "verified", by: "browser-legacy" });
    expect(integrityVerdict({ ...base, foldError: { seq: 3, message: "bad" }, deterministic: true, issues: [], serverCheck: clean })).toMatchObject({ kind: "fold-error" });
  });
});

describe.skipIf(!!browserSkipReason)("replay page in Chromium", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();
  let lesson: Lesson;
  let log: SessionLogFile;

  beforeAll(async () => {
    lesson = await playLesson(server.url);
    log = await fetchLog(server.url, lesson.created.sessionId);
  });
  afterAll(async () => {
    for (const s of [lesson?.host, ...(lesson?.students ?? [])]) s?.socket.close();
  });

  async function openReplayPage(path: string, viewport = LAPTOP, records: object[] = []) {
    const storage: Record<string, string> = records.length > 0 ? { [HOST_SESSIONS_KEY]: JSON.stringify(records) } : {};
    const opened = await openPage(browser.browser, `${server.url}${path}`, { viewport, deviceScaleFactor: 1, acceptDownloads: true, storage, consoleErrors: true });
    return { ...opened, close: () => opened.context.close() };
  }

  async function shot(page: Page, name: string, fullPage = false) {
    await page.waitForTimeout(200); // let Recharts finish measuring its containers
    await page.screenshot({ path: artifactPath(name), fullPage });
  }

  const frameLabel = (page: Page) => page.getByTestId("frame-label").textContent();

  it("replays the lesson: verified, scrubbable, keyboard, per student, CSV, continue from here", async () => {
    const id = lesson.created.sessionId;
    const { page, errors, close } = await openReplayPage(`/replay/${id}`);
    await page.locator("[data-replay-ready]").waitFor();
    const verified = page.getByTestId("integrity");
    await verified.filter({ hasText: `Replay verified: all ${checkedEvents(log)} recorded checksums reproduced` }).waitFor();
    const frames = buildTimeline(log.events).frames.length;
    expect(await frameLabel(page)).toContain(`Frame 1 of ${frames}`);
    expect(await page.getByTestId("stage").textContent()).toContain("3 students have joined");
    await shot(page, "replay-start.png");

    // Jump to round 1 with its marker: its reveal, with every guess on the α curve and in the table.
    await page.getByRole("button", { name: "Round 1", exact: true }).click();
    await page.getByTestId("frame-label").filter({ hasText: "Round 1 · revealed" }).waitFor();
    await page.getByTestId("alpha-curve").locator(".recharts-scatter-symbol").nth(2).waitFor();
    expect(await page.getByTestId("alpha-curve").locator(".recharts-scatter-symbol").count()).toBe(3);
    const table = page.getByTestId("guess-table");
    for (const name of NAMES) expect(await table.textContent()).toContain(name);
    expect(await page.getByRole("list", { name: "Leaderboard" }).getByRole("listitem").count()).toBe(3);
    await shot(page, "replay-reveal.png");

    // Keyboard: → and ← move by one frame; Space plays and pauses; Home and End go to the ends.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const atReveal = await frameLabel(page);
    await page.keyboard.press("ArrowRight");
    await page.getByTestId("frame-label").filter({ hasText: "Step 1 · α = 0.3 (class median)" }).waitFor();
    expect(await frameLabel(page)).not.toBe(atReveal);
    await page.keyboard.press("ArrowLeft");
    await page.getByTestId("frame-label").filter({ hasText: "Round 1 · revealed" }).waitFor();
    await page.getByRole("radio", { name: "4×" }).click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Pause" }).waitFor();
    // Playing moves on by itself. At 4× a frame shows for 250 ms, too briefly to catch on a loaded machine, so wait
    // for what stays true once it has moved: the label no longer shows the reveal it started from.
    await page.getByTestId("frame-label").filter({ hasNotText: "Round 1 · revealed" }).waitFor();
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Play" }).waitFor();
    await page.keyboard.press("End");
    await page.getByTestId("frame-label").filter({ hasText: `Frame ${frames} of ${frames}` }).waitFor();
    await page.getByTestId("podium").waitFor();
    await shot(page, "replay-ended.png");
    await page.keyboard.press("Home");
    await page.getByTestId("frame-label").filter({ hasText: `Frame 1 of ${frames}` }).waitFor();

    // The slider itself: the frame of round 2's reveal.
    const round2 = buildTimeline(log.events).rounds[1];
    await page.getByLabel("Replay position").fill(String(round2.targetIndex));
    await page.getByTestId("frame-label").filter({ hasText: "Round 2 · revealed" }).waitFor();

    // One student through the session.
    await page.getByLabel("Student", { exact: true }).selectOption({ label: "Grace" });
    const rows = page.getByTestId("student-table").locator("tbody tr");
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain("0.3");
    expect(await rows.nth(1).textContent()).toContain("0.5");
    await page.getByTestId("student-chart").locator(".recharts-line").first().waitFor();
    await page.getByTestId("student-table").scrollIntoViewIfNeeded();
    await shot(page, "replay-student.png", true);

    // Results as CSV, through the link.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Results (CSV)" }).click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.startsWith("nickname,round,alpha")).toBe(true);
    expect(csv.trim().split("\r\n")).toHaveLength(1 + 2 * NAMES.length);

    // Continue from the first step after round 1's reveal as a new live session.
    await page.getByRole("button", { name: "Round 1", exact: true }).click();
    await page.keyboard.press("ArrowRight");
    await page.getByTestId("frame-label").filter({ hasText: "Step 1 ·" }).waitFor();
    const stepFrame = buildTimeline(log.events).frames.find((f) => f.label.startsWith("Step 1 ·"))!;
    await page.getByRole("button", { name: "Continue from here as a new live session" }).click();
    await page.waitForURL(/\/host\/[^/]+$/);
    const newId = new URL(page.url()).pathname.split("/").at(-1)!;
    expect(newId).not.toBe(id);
    const stored = await page.evaluate((key) => window.localStorage.getItem(key), HOST_SESSIONS_KEY);
    const records = JSON.parse(stored ?? "[]") as { sessionId: string; hostToken: string; scenario: string }[];
    expect(records[0]).toMatchObject({ sessionId: newId, scenario: "line-fit" });
    expect(records[0].hostToken.length).toBeGreaterThan(10);
    const continued = await fetchLog(server.url, newId, records[0].hostToken); // still live: the host's only
    const first = continued.events[0].event;
    expect(first.type === "session.created" && first.startFrom).toMatchObject({ sessionId: id, seq: stepFrame.seq });
    await page.getByTestId("session-status").waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it("says when a session does not exist, and retries after a network error", async () => {
    const missing = await openReplayPage("/replay/no-such-session");
    await missing.page.getByRole("heading", { name: "No session with that link" }).waitFor();
    await shot(missing.page, "replay-not-found.png");
    await missing.close();

    const id = lesson.created.sessionId;
    const context = await browser.browser.newContext({ viewport: LAPTOP });
    let offline = true;
    await context.route(`**/api/replays/${id}`, (route) => (offline ? route.abort("internetdisconnected") : route.continue()));
    const page = await context.newPage();
    await page.goto(`${server.url}/replay/${id}`);
    await page.getByRole("heading", { name: "The replay could not be loaded" }).waitFor();
    await shot(page, "replay-network-error.png");
    offline = false;
    // The page also retries by itself on a back-off; whichever comes first — the click or its own retry — loads it.
    const ready = page.locator("[data-replay-ready]");
    await page
      .getByRole("button", { name: "Try again" })
      .click({ timeout: 10_000 })
      .catch(async (error: unknown) => {
        if ((await ready.count()) === 0) throw error;
      });
    await ready.waitFor();
    await context.close();
  });

  it("shows a checksum that does not reproduce as an error", async () => {
    const id = lesson.created.sessionId;
    const tampered = structuredClone(log);
    const target = tampered.events.filter((e) => e.event.type === "network.stepped")[1];
    if (target.event.type === "network.stepped") target.event.checksum = "0000000000000000";
    // Without the server's verification the browser's own recomputation is the check, and it must catch this.
    delete tampered.verification;
    const context = await browser.browser.newContext({ viewport: LAPTOP });
    await context.route(`**/api/replays/${id}`, (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(tampered) }));
    const page = await context.newPage();
    await page.goto(`${server.url}/replay/${id}`);
    await page.locator("[data-replay-ready]").waitFor();
    const alert = page.getByRole("alert").filter({ hasText: "does NOT match" });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`event #${target.seq} (network.stepped)`);
    expect(await page.getByTestId("integrity").textContent()).not.toContain("verified");
    await shot(page, "replay-integrity-error.png");
    await context.close();
  });

  it("imports an exported log, and lists this browser's sessions with delete and forget", async () => {
    const doomed = await createSession(server.url, { config: { scenario: "one-weight" } });
    const gone = { sessionId: "gone-session-0000", hostToken: "x".repeat(32), joinCode: "ZZZ999", scenario: "one-weight", title: "An old lesson", createdAt: 1 };
    const { page, errors, close } = await openReplayPage("/replay", LAPTOP, [hostSessionRecord(lesson.created, Date.now() - 60_000), hostSessionRecord(doomed, Date.now()), gone]);

    const list = page.getByTestId("my-sessions");
    await list.getByText("3 students · 2 rounds").waitFor();
    await list.getByText("The server no longer has this session").waitFor();
    expect(await list.locator("li").count()).toBe(3);
    await shot(page, "replay-index.png", true);

    // A session the server forgot can only be forgotten here.
    await list.locator(`li[data-session-id="${gone.sessionId}"]`).getByRole("button", { name: "Forget" }).click();
    await list.locator(`li[data-session-id="${gone.sessionId}"]`).waitFor({ state: "detached" });

    // Delete asks first, then deletes on the server and here.
    const doomedItem = list.locator(`li[data-session-id="${doomed.sessionId}"]`);
    await doomedItem.getByRole("button", { name: /^Delete / }).click();
    await doomedItem.getByRole("button", { name: "Delete for good" }).click();
    await doomedItem.waitFor({ state: "detached" });
    expect((await fetch(`${server.url}/api/replays/${doomed.sessionId}`)).status).toBe(404);
    const left = await page.evaluate((key) => JSON.parse(window.localStorage.getItem(key) ?? "[]") as { sessionId: string }[], HOST_SESSIONS_KEY);
    expect(left.map((r) => r.sessionId)).toEqual([lesson.created.sessionId]);

    // Something that is not an export: the server's reason is shown.
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from('{"format":"something else"}') });
    await page.getByRole("alert").filter({ hasText: "notes.json was not imported" }).waitFor();
    expect(await page.getByRole("alert").filter({ hasText: "notes.json" }).textContent()).toMatch(/Not a Backprop Live session export/);
    await shot(page, "replay-import-error.png");

    // The real export: imported under a new id, its host key kept, and its replay opens verified.
    const exported = await (await fetch(`${server.url}/api/replays/${lesson.created.sessionId}/log.json`)).text();
    await input.setInputFiles({ name: "lesson.json", mimeType: "application/json", buffer: Buffer.from(exported) });
    await page.waitForURL(/\/replay\/[^/]+$/);
    const importedId = new URL(page.url()).pathname.split("/").at(-1)!;
    expect(importedId).not.toBe(lesson.created.sessionId);
    await page.locator("[data-replay-ready]").waitFor();
    await page.getByTestId("integrity").filter({ hasText: "Replay verified" }).waitFor();
    const records = await page.evaluate((key) => JSON.parse(window.localStorage.getItem(key) ?? "[]") as { sessionId: string; title: string }[], HOST_SESSIONS_KEY);
    expect(records[0]).toMatchObject({ sessionId: importedId, title: lesson.created.config.name });
    // The refused import above is logged by the browser as a failed request; nothing else may be.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await close();
  });

  it("verifies a noisy classification lesson in the browser itself: all recorded checksums reproduced", async () => {
    const noisy = await playNoisyLesson(server.url);
    try {
      const id = noisy.created.sessionId;
      const noisyLog = await fetchLog(server.url, id);
      const created = noisyLog.events[0].event;
      expect(created.type === "session.created" && created.config.mathVersion).toBe(1);
      const n = checkedEvents(noisyLog);
      expect(n).toBeGreaterThanOrEqual(8);
      // The server's verification is taken away: only the page's own fold can vouch for the log.
      const withoutServer = structuredClone(noisyLog);
      delete withoutServer.verification;
      const context = await browser.browser.newContext({ viewport: LAPTOP });
      await context.route(`**/api/replays/${id}`, (route) =>
        route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(withoutServer) }),
      );
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (err) => errors.push(err.message));
      await page.goto(`${server.url}/replay/${id}`);
      await page.locator("[data-replay-ready]").waitFor();
      await page.getByTestId("verified-by").filter({ hasText: `Verified in this browser: all ${n} recorded checksums reproduced` }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId("integrity").textContent()).toContain(`Replay verified: all ${n} recorded checksums reproduced`);
      expect(await page.getByTestId("browser-rounding").count()).toBe(0);
      expect(await page.getByRole("alert").filter({ hasText: "does NOT match" }).count()).toBe(0);
      await shot(page, "replay-browser-verified.png");
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      for (const s of [noisy.host, ...noisy.students]) s.socket.close();
    }
  });

  // The page can only show the server's word if the loader hands `verification` on.
  it.skipIf(!!browserSkipReason)("labels a log recorded before cross-browser math as recomputed by the server", async () => {
    expect(await loaderKeepsVerification()).toBe(true);
    const imported = await fetch(`${server.url}/api/replays`, { method: "POST", headers: { "content-type": "application/json" }, body: legacyExport() });
    expect(imported.status).toBe(201);
    const { sessionId } = (await imported.json()) as { sessionId: string };
    const { page, close } = await openReplayPage(`/replay/${sessionId}`);
    await page.locator("[data-replay-ready]").waitFor();
    await page.getByTestId("verified-by").filter({ hasText: "Recomputed by the server (recorded before cross-browser math)" }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole("alert").filter({ hasText: "does NOT match" }).count()).toBe(0);
    await shot(page, "replay-legacy.png");
    await close();
  });

  it("fits a phone in portrait and the dark theme", async () => {
    const { page, errors, close } = await openReplayPage(`/replay/${lesson.created.sessionId}`, { width: 390, height: 844 });
    await page.locator("[data-replay-ready]").waitFor();
    await page.getByRole("combobox", { name: "Round" }).selectOption("2");
    await page.getByTestId("frame-label").filter({ hasText: "Round 2 · revealed" }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, "replay-phone.png", true);
    await page.setViewportSize(LAPTOP);
    await page.getByRole("button", { name: "Dark" }).click();
    await page.locator(".dark").first().waitFor();
    await shot(page, "replay-dark.png");
    expect(errors).toEqual([]);
    await close();
  });
});
