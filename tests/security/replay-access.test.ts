import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateSessionResponse } from "@/lib/protocol";
import { chromiumPath } from "../helpers/browser";
import { useBrowser, useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, type Host, type Student } from "../helpers/lesson";

const ROUTES = ["", "/log.json", "/results.csv"] as const;

describe("a session's log is its host's until the session ends", () => {
  const server = useTestServer();
  let created: CreateSessionResponse;
  let host: Host;
  let student: Student;

  beforeAll(async () => {
    created = await createSession(server.url);
    host = await attachHost(server.url, created);
    student = await joinStudent(server.url, created.joinCode, "Grace");
    await host.send("round:open", {});
    expect(await student.send("guess:submit", { alpha: 0.0421 })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    host?.socket.close();
    student?.socket.close();
  });

  const get = (route: string, token?: string) =>
    fetch(`${server.url}/api/replays/${created.sessionId}${route}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it("refuses the log, JSON and CSV of a live round to anyone but the host, even once the host's copy is cached", async () => {
    for (const route of ROUTES) {
      const asHost = await get(route, created.hostToken);
      expect(asHost.status).toBe(200);
      if (route !== "/results.csv") expect(await asHost.text()).toContain("0.0421");
      for (const token of [undefined, student.playerToken, "x".repeat(43)]) {
        const refused = await get(route, token);
        expect(refused.status).toBe(403);
        const body = await refused.json();
        expect(body).toMatchObject({ ok: false, code: "NOT_PUBLIC_YET" });
        expect(body.message).toMatch(/still live/);
        expect(JSON.stringify(body)).not.toContain("0.0421");
      }
    }
  });

  it("refuses “Continue from here” of a live session without its host token", async () => {
    const body = { continueFrom: { sessionId: created.sessionId, seq: 3 } };
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    const refused = await post({});
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "NOT_PUBLIC_YET" });
    expect((await post({ authorization: `Bearer ${student.playerToken}` })).status).toBe(403);
    expect((await post({ authorization: `Bearer ${created.hostToken}` })).status).toBe(201);
  });

  it("opens everything to holders of the link once the session has ended", async () => {
    expect(await host.send("session:end")).toMatchObject({ ok: true });
    for (const route of ROUTES) expect((await get(route)).status).toBe(200);
    const log = await (await get("")).json();
    expect(log.events.at(-1).event.type).toBe("session.ended");
    const continued = await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ continueFrom: { sessionId: created.sessionId, seq: 3 } }),
    });
    expect(continued.status).toBe(201);
  });
});

describe.skipIf(!chromiumPath)("the host's browser keeps its live session's replay and exports", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();


  it("opens the replay and downloads the log with the host key; a browser without it is told to wait", async () => {
    const created = await createSession(server.url);
    const host = await attachHost(server.url, created);
    const student = await joinStudent(server.url, created.joinCode, "Ada");
    await host.send("round:open", {});
    await student.send("guess:submit", { alpha: 0.0421 });
    const record = { sessionId: created.sessionId, hostToken: created.hostToken, joinCode: created.joinCode, scenario: "one-weight", title: "t", createdAt: Date.now() };

    const hosting = await browser.browser.newContext({ acceptDownloads: true });
    await hosting.addInitScript((value) => window.localStorage.setItem("backprop-live:host-sessions", value), JSON.stringify([record]));
    const page = await hosting.newPage();
    await page.goto(`${server.url}/replay/${created.sessionId}`);
    await page.locator("[data-replay-ready]").waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Session log (JSON)" }).click()]);
    expect(download.suggestedFilename()).toBe(`backprop-live-${created.joinCode}.json`);
    expect(readFileSync((await download.path())!, "utf8")).toContain("0.0421");
    await hosting.close();

    const stranger = await browser.browser.newContext();
    const other = await stranger.newPage();
    await other.goto(`${server.url}/replay/${created.sessionId}`);
    await other.getByRole("alert").filter({ hasText: "still live" }).waitFor({ timeout: 30_000 });
    await stranger.close();
    host.socket.close();
    student.socket.close();
  }, 120_000);
});
