import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "@/server/app-server";
import { artifactPath, browserSkipReason, launchBrowser } from "../helpers/browser";
import { createTempDataDir } from "../helpers/database";
import { createSession, joinStudent, type Student } from "../helpers/lesson";
import { startTestServer } from "../helpers/server";

const HOST_SESSIONS_KEY = "backprop-live:host-sessions";
const PROJECTOR = { width: 1920, height: 1080 };
const REAL = 5;
const JUNK = 400;

describe.skipIf(!!browserSkipReason)("removing a wave of junk joins from the console", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let dataDir: Awaited<ReturnType<typeof createTempDataDir>>;
  const students: Student[] = [];

  beforeAll(async () => {
    dataDir = await createTempDataDir();
    // The junk joins come from this one test address within seconds, faster than the default flood limits allow.
    server = await startTestServer({ dataDir: dataDir.path, pages: true, limits: { joinsPerAddressPerMinute: 6000, connectionsPerAddressPerMinute: 6000 } });
    browser = await launchBrowser();
    mkdirSync(artifactPath(""), { recursive: true });
  });
  afterAll(async () => {
    for (const s of students) s.socket.close();
    await browser?.close();
    await server?.close();
    await dataDir?.remove();
  });

  it("selects by shift-click and 'everyone who joined after', then removes them all in one confirmed action", async () => {
    const created = await createSession(server.url, { config: { scenario: "one-weight", seed: 5 } });
    for (let i = 0; i < REAL; i++) students.push(await joinStudent(server.url, created.joinCode, `real ${i}`));
    for (let start = 0; start < JUNK; start += 50)
      students.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => joinStudent(server.url, created.joinCode, `junk ${start + i}`)))));

    const context = await browser.browser.newContext({ viewport: PROJECTOR, deviceScaleFactor: 1 });
    const record = { sessionId: created.sessionId, hostToken: created.hostToken, joinCode: created.joinCode, scenario: created.config.scenario, title: created.config.name, createdAt: Date.now() };
    await context.addInitScript(
      ([key, value]) => window.localStorage.setItem(key, value),
      [HOST_SESSIONS_KEY, JSON.stringify([record])] as const,
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await page.goto(`${server.url}/host/${created.sessionId}`);
    const tab = page.getByRole("tab", { name: /Players/ });
    if (await tab.count()) await tab.click();
    const list = page.getByTestId("players-list");
    await list.getByRole("listitem").nth(REAL + JUNK - 1).waitFor({ timeout: 20_000 });

    await page.getByRole("button", { name: "Select…" }).click();
    // Shift-click: real 1 … real 3 is three players.
    const boxes = list.getByRole("checkbox");
    await boxes.nth(1).click();
    await boxes.nth(3).click({ modifiers: ["Shift"] });
    await page.getByText("3 selected").waitFor();
    await page.getByRole("button", { name: "Clear" }).click();
    await page.getByText("0 selected").waitFor();

    // Everyone after the last real student, from the keyboard-usable select.
    const after = await list.getByRole("listitem").nth(REAL - 1).getByRole("checkbox").getAttribute("aria-label");
    await page.getByRole("combobox", { name: /Everyone who joined after/ }).selectOption({ label: after!.replace(/^Select /, "") });
    await page.getByRole("button", { name: "Add them" }).click();
    await page.getByText(`${JUNK} selected`).waitFor();
    await page.screenshot({ path: artifactPath("host-bulk-remove-selected.png") });
    await page.getByRole("button", { name: `Remove ${JUNK} players` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="players-list"] > li').length === n,
      REAL,
      { timeout: 30_000 },
    );
    await page.getByText(`${JUNK} players were removed`).waitFor();
    await page.screenshot({ path: artifactPath("host-bulk-remove-done.png") });
    expect((await list.textContent()) ?? "").not.toContain("junk");
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
