import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { CreateSessionResponse } from "@/lib/protocol";
import { browserSkipReason } from "../helpers/browser";
import { openHostConsole, openPage, useBrowser, useTestServer } from "../helpers/fixtures";
import { attachHost, createSession } from "../helpers/lesson";

const DESKTOP = { width: 1920, height: 1080 };
const PHONE = { width: 360, height: 640 };
const SCREENS = "/work/screens";

// Ten points of a line with an offset, with a header; x reaches 30, so the engine divides x by 100 (bound ±2).
const LINE_CSV = ["x,y", ...Array.from({ length: 10 }, (_, i) => `${i * 3},${(1.5 * i + 2).toFixed(1)}`)].join("\n");
const LINE_POINTS = Array.from({ length: 10 }, (_, i) => [i * 3, Number((1.5 * i + 2).toFixed(1))]);

/** axe-core (a dependency of the lint setup) run in the page; CDP evaluation is not subject to the page's CSP. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: string, opts: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(sel, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, selector);
}

describe.skipIf(!!browserSkipReason)("start form: the class's own data", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();

  async function openForm(viewport = DESKTOP) {
    const context = await browser.browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    const form = page.getByRole("form", { name: "Start a session" });
    await form.waitFor();
    return { page, form, errors, close: () => context.close() };
  }

  const points = (page: Page) => page.getByRole("textbox", { name: /^Points/ });
  const start = (page: Page) => page.getByRole("button", { name: "Create session" });
  const errorList = (page: Page) => page.getByTestId("own-data-errors").getByRole("listitem");

  it("previews pasted line-fit points and starts the lesson on exactly those points", async () => {
    const { page, form, errors, close } = await openForm();
    await page.getByText("Line fit", { exact: true }).click();
    await page.getByLabel("Use your own data").check();
    // Nothing pasted yet: Start waits and says why.
    expect(await start(page).isDisabled()).toBe(true);
    await points(page).fill(LINE_CSV);
    const preview = page.getByTestId("own-data-preview");
    await preview.waitFor();
    expect(await preview.getByRole("img", { name: "Preview of your 10 points" }).isVisible()).toBe(true);
    expect(await preview.textContent()).toContain("10 points ready.");
    expect(await page.getByTestId("own-data-scaling").textContent()).toMatch(/x divided by 100/);
    expect(await errorList(page).count()).toBe(0);
    expect(await start(page).isEnabled()).toBe(true);
    expect(await axeViolations(page, "form")).toEqual([]);
    await form.screenshot({ path: `${SCREENS}/form-preview-1920.png` });

    // Momentum from the advanced options goes along.
    await page.getByText("Advanced options").click();
    await page.getByLabel("Momentum").check();
    await page.getByLabel("β (momentum)").fill("0.95");
    await form.screenshot({ path: `${SCREENS}/form-momentum-1920.png` });

    const answer = page.waitForResponse((r) => r.url().endsWith("/api/sessions") && r.request().method() === "POST");
    await start(page).click();
    const response = await answer;
    expect(response.status()).toBe(201);
    const created = (await response.json()) as CreateSessionResponse;
    expect(created.config.data?.points).toEqual(LINE_POINTS);
    expect(created.config.optimizer).toEqual({ kind: "momentum", beta: 0.95 });
    await page.waitForURL(`${server.url}/host/${created.sessionId}`);
    await page.getByTestId("join-code").waitFor();

    // The stored session, as its host sees it over the socket, is on the pasted points.
    const host = await attachHost(server.url, created);
    const { config } = (await host.views.waitFor(() => true)).session;
    expect(config.scenario).toBe("line-fit");
    expect(config.data?.points).toEqual(LINE_POINTS);
    host.socket.close();
    expect(errors).toEqual([]);
    await close();
  });

  it("names the wrong lines and keeps Start disabled; fixing them enables it", async () => {
    const { page, form, close } = await openForm();
    await page.getByText("Line fit", { exact: true }).click();
    await page.getByLabel("Use your own data").check();
    // Four good lines, so only the three bad ones are reported (not also "too few points").
    await points(page).fill("x,y\n1,2\n2,abc\n3\n4,8\n5,10,7\n6,12\n7,14");
    await errorList(page).first().waitFor();
    const messages = await errorList(page).allTextContents();
    expect(messages).toEqual(["line 3: 'abc' is not a number", "line 4: missing the y column", "line 6: has 3 values; expected 2 (x, y)"]);
    expect(await start(page).isDisabled()).toBe(true);
    expect(await page.getByTestId("own-data-preview").count()).toBe(0);
    // The textarea is marked invalid and points at the list.
    const box = points(page);
    expect(await box.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await box.getAttribute("aria-describedby"))!.split(" ");
    expect(describedBy).toContain(await page.getByTestId("own-data-errors").getAttribute("id"));
    expect(await axeViolations(page, "form")).toEqual([]);
    await form.screenshot({ path: `${SCREENS}/form-errors-1920.png` });

    await points(page).fill("x,y\n1,2\n2,4\n3,6\n4,8");
    await page.getByTestId("own-data-preview").waitFor();
    expect(await errorList(page).count()).toBe(0);
    expect(await start(page).isEnabled()).toBe(true);
    // Too few points is one whole-text error.
    await points(page).fill("1,2\n2,4\n3,6");
    await errorList(page).first().waitFor();
    expect(await errorList(page).allTextContents()).toEqual(["needs at least 4 points (got 3)"]);
    expect(await start(page).isDisabled()).toBe(true);
    await close();
  });

  it("refuses a classification label other than 0 or 1, on a phone-sized screen too", async () => {
    const { page, close } = await openForm(PHONE);
    await page.getByText("Classification", { exact: true }).click();
    await page.getByLabel("Use your own data").check();
    // The dataset pictures give way to the class's points.
    expect(await page.getByRole("group", { name: "Dataset" }).count()).toBe(0);
    expect(await page.getByText("x1,x2,label", { exact: true }).isVisible()).toBe(true);
    await points(page).fill("x1;x2;label\n0,5;1;1\n-1;2;0\n3;-2;2\n4;4;1\n-3;-3;0");
    await errorList(page).first().waitFor();
    expect(await errorList(page).allTextContents()).toEqual(["line 4: label must be 0 or 1 (got 2)"]);
    expect(await start(page).isDisabled()).toBe(true);
    const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    expect(size.scroll).toBeLessThanOrEqual(size.width);
    await page.getByRole("form", { name: "Start a session" }).screenshot({ path: `${SCREENS}/form-errors-360.png` });

    await points(page).fill("x1;x2;label\n0,5;1;1\n-1;2;0\n3;-2;0\n4;4;1\n-3;-3;0");
    await page.getByTestId("own-data-preview").waitFor();
    expect(await page.getByTestId("own-data-scaling").textContent()).toMatch(/used as given/);
    expect(await start(page).isEnabled()).toBe(true);
    await page.getByRole("form", { name: "Start a session" }).screenshot({ path: `${SCREENS}/form-preview-360.png` });
    await close();
  });

  it("reads an uploaded CSV file and refuses one that is too large", async () => {
    const { page, close } = await openForm();
    await page.getByText("One weight", { exact: true }).click();
    await page.getByLabel("Use your own data").check();
    const file = page.getByLabel("Upload a CSV file…");
    await file.setInputFiles({ name: "class.csv", mimeType: "text/csv", buffer: Buffer.from("x,y\n0.5,1\n1,2.1\n1.5,2.9\n2,4.2\n") });
    await page.getByRole("status").filter({ hasText: "Read class.csv." }).waitFor();
    expect(await points(page).inputValue()).toContain("1.5,2.9");
    await page.getByTestId("own-data-preview").waitFor();
    await file.setInputFiles({ name: "huge.csv", mimeType: "text/csv", buffer: Buffer.alloc(300 * 1024, "1,2\n") });
    await page.getByRole("status").filter({ hasText: /huge\.csv is 300 KB; files up to 200 KB are read/ }).waitFor();
    // The earlier points stay.
    expect(await points(page).inputValue()).toContain("1.5,2.9");
    await close();
  });

  it("plays a lesson on pasted points from the console and a phone, and its replay reproduces every step", { timeout: 180_000 }, async () => {
    const created: CreateSessionResponse = await createSession(server.url, { config: { scenario: "line-fit", seed: 4, data: { points: LINE_POINTS } } });
    const watcher = await attachHost(server.url, created);
    const storage = { "backprop-live:host-preferences": JSON.stringify({ theme: "light", presenter: true }) };
    const { page: host, errors: hostErrors } = await openHostConsole(browser.browser, server.url, created, { viewport: DESKTOP, deviceScaleFactor: 1, storage, consoleErrors: true });
    await host.getByTestId("join-code").waitFor();

    const phoneContext = await browser.browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const phone = await phoneContext.newPage();
    const phoneErrors: string[] = [];
    phone.on("pageerror", (error) => phoneErrors.push(error.message));
    await phone.goto(`${server.url}/play/${created.joinCode}`);
    await phone.getByLabel("Your nickname").fill("Noor");
    await phone.getByRole("button", { name: "Join the game" }).click();
    await phone.getByRole("heading", { name: "You're in, Noor!" }).waitFor();
    await host.getByTestId("players-list").getByRole("listitem").first().waitFor();

    // Two rounds, each revealed and stepped with the class's α: the network learns the pasted line.
    for (const round of [1, 2]) {
      await host.getByLabel("Timer (s)").fill("");
      await host.getByRole("button", { name: new RegExp(`^Open (α )?round ${round}$`) }).click();
      await phone.getByRole("heading", { name: `Round ${round}` }).waitFor();
      await phone.getByRole("button", { name: /^Lock in α = / }).tap();
      await phone.getByText("Received. You can change it until the round closes.").waitFor();
      await host.getByTestId("answered").filter({ hasText: "1 / 1 answered" }).waitFor();
      await host.getByRole("button", { name: "Close guessing" }).click();
      await host.getByRole("button", { name: "Reveal" }).click();
      await phone.getByText(`Round ${round} result`, { exact: true }).waitFor();
      await host.getByRole("button", { name: "Take one step" }).click();
      await host.getByRole("status").filter({ hasText: /Stepped with α = / }).waitFor();
    }
    const stepped = await watcher.views.waitFor((v) => v.engine.step === 2);
    expect(stepped.session.config.data?.points).toEqual(LINE_POINTS);
    expect(stepped.history.at(-1)!.trainLoss).toBeLessThan(stepped.history[0].trainLoss);
    await host.getByRole("button", { name: /^Join code/ }).waitFor();
    await host.screenshot({ path: `${SCREENS}/app-console-own-data-1920.png` });
    await phone.screenshot({ path: `${SCREENS}/app-phone-own-data-360.png`, fullPage: true });
    expect(await phone.getByText("1 player in total.").count()).toBe(1);
    expect(await phone.getByText("of 1 guess", { exact: true }).count()).toBe(1);
    await host.getByRole("button", { name: "End session" }).click();
    await host.getByRole("dialog").getByRole("button", { name: "End session" }).click();
    await host.getByTestId("podium").waitFor();
    watcher.socket.close();

    // The replay re-runs the engine from the stored config (points included) and matches every recorded checksum.
    const replay = await openPage(browser.browser, `${server.url}/replay/${created.sessionId}`, { viewport: DESKTOP, deviceScaleFactor: 1, consoleErrors: true });
    await replay.page.locator("[data-replay-ready]").waitFor();
    await replay.page.getByTestId("integrity").filter({ hasText: /recorded checksums reproduced/ }).waitFor({ timeout: 60_000 });
    expect(replay.errors).toEqual([]);
    expect(hostErrors).toEqual([]);
    expect(phoneErrors).toEqual([]);
    await Promise.all([replay.context.close(), phoneContext.close(), host.context().close()]);
  });
});
