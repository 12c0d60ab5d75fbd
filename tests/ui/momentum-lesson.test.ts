import { mkdirSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { BETA_LIMITS, type CreateSessionResponse, type HostView } from "@/lib/protocol";
import { betaScale, PHONE_BETA_LIMITS } from "@/app/play/_lib/guess-scale";
import { formatBeta } from "@/app/_components/pictures/format-number";
import { artifactPath, browserSkipReason } from "../helpers/browser";
import { openHostConsole, openPage, useBrowser, useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, type Host } from "../helpers/lesson";

const PROJECTOR = { width: 1920, height: 1080 };
const SCREENS = "/work/screens";

/** Where a person looks at what the test saw: test-artifacts/ always, and the team's screens folder when it exists. */
async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(200); // let Recharts finish measuring its containers
  await page.screenshot({ path: artifactPath(name), fullPage });
  try {
    mkdirSync(SCREENS, { recursive: true });
    await page.screenshot({ path: `${SCREENS}/app-${name}`, fullPage });
  } catch {
    // Not every machine has /work; test-artifacts/ has the picture.
  }
}

/** Presenter layout promise: nothing scrolls at projector size. */
async function expectNoPageScroll(page: Page) {
  const size = await page.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    height: window.innerHeight,
    width: window.innerWidth,
  }));
  expect(size.scrollHeight).toBeLessThanOrEqual(size.height);
  expect(size.scrollWidth).toBeLessThanOrEqual(size.width);
}

/** No horizontal scrolling, and every visible control at least 44×44 px (as the student page test checks). */
async function expectPhoneLayout(page: Page): Promise<void> {
  const layout = await page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("button, a[href], input:not(.sr-only), select, summary")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const t = (el.closest("label") ?? el).getBoundingClientRect();
      if (t.height < 44 || t.width < 44) small.push(`${el.tagName} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}"`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, small };
  });
  expect(layout.scrollWidth, "horizontal scrolling").toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.small, "touch targets under 44 px").toEqual([]);
}

describe("the phone's β slider", () => {
  it("mirrors the protocol's β limits and spaces its values by 1 − β with the labelled stops", () => {
    expect(PHONE_BETA_LIMITS).toEqual(BETA_LIMITS);
    const scale = betaScale();
    expect(scale.grid[0]).toBe(BETA_LIMITS.min);
    expect(scale.grid.at(-1)).toBe(BETA_LIMITS.max);
    for (let i = 1; i < scale.grid.length; i++) expect(scale.grid[i]).toBeGreaterThan(scale.grid[i - 1]);
    expect(scale.labelled.map((i) => scale.grid[i])).toEqual([0, 0.5, 0.9, 0.95, 0.99, 0.999]);
    expect(scale.grid[scale.nearest(0.97)]).toBe(0.97);
    expect([0.9, 0.95, 0.9985, 0.9234, 0].map(formatBeta)).toEqual(["0.9", "0.95", "0.9985", "0.9234", "0"]);
  });
});

describe.skipIf(!!browserSkipReason)("a momentum lesson: α and β rounds, mastery, replay", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();
  const contexts: BrowserContext[] = [];
  let watcher: Host | undefined;

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    watcher?.socket.close();
  });

  /** Strings that only exist in lib/engine, recharts or zod: none may reach a phone (as in student-page.test.ts). */
  const FORBIDDEN_IN_PHONE_JS = ["unknown activation", "trueSlope", "recharts", "ZodError"];
  const phoneScripts = new Map<string, string>();

  async function phone(code: string, nickname: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (msg) => msg.type() === "error" && !/net::ERR|WebSocket|Failed to load resource/.test(msg.text()) && errors.push(msg.text()));
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") response.text().then((text) => phoneScripts.set(response.url(), text), () => undefined);
    });
    await page.goto(`${server.url}/play/${code}`);
    await page.getByLabel("Your nickname").fill(nickname);
    await page.getByRole("button", { name: "Join the game" }).click();
    await page.getByRole("heading", { name: `You're in, ${nickname}!` }).waitFor();
    return { page, errors };
  }

  it("plays an α round and a β round from the console and two phones, then replays to the end reproduced", { timeout: 240_000 }, async () => {
    const created: CreateSessionResponse = await createSession(server.url, {
      config: { scenario: "line-fit", seed: 7, optimizer: { kind: "momentum", beta: 0.9 } },
    });
    // A second host socket only watches the views (the console page is the one that acts).
    watcher = await attachHost(server.url, created);
    const storage = { "backprop-live:host-preferences": JSON.stringify({ theme: "light", presenter: true }) };
    const { page: host, errors: hostErrors } = await openHostConsole(browser.browser, server.url, created, { viewport: PROJECTOR, deviceScaleFactor: 1, storage, consoleErrors: true });
    contexts.push(host.context());
    await host.getByTestId("join-code").waitFor();

    const ada = await phone(created.joinCode, "Ada");
    const grace = await phone(created.joinCode, "Grace");
    await host.getByTestId("players-list").getByRole("listitem").nth(1).waitFor();

    // Round 1 guesses α (untimed); with momentum on the console offers both kinds.
    const kinds = host.getByRole("group", { name: "What the next round guesses" });
    expect(await kinds.getByRole("button", { name: "learning rate α" }).getAttribute("aria-pressed")).toBe("true");
    await host.getByLabel("Timer (s)").fill("");
    await host.getByRole("button", { name: "Open α round 1" }).click();
    await host.getByTestId("answered").waitFor();
    for (const [i, p] of [ada, grace].entries()) {
      await p.page.getByRole("heading", { name: "Round 1" }).waitFor();
      // Ada two nice steps up from the middle, Grace two down: different verdicts.
      for (let n = 0; n < 2; n++) await p.page.getByRole("button", { name: i === 0 ? /^Larger/ : /^Smaller/ }).tap();
      await p.page.getByRole("button", { name: /^Lock in α = / }).tap();
      await p.page.getByText("Received. You can change it until the round closes.").waitFor();
    }
    await host.getByTestId("answered").filter({ hasText: "2 / 2 answered" }).waitFor();
    await host.getByRole("button", { name: "Close guessing" }).click();
    await host.getByRole("button", { name: "Reveal" }).click();
    const insight = host.getByTestId("class-insight");
    await insight.waitFor();
    const revealed1 = await watcher.views.waitFor((v) => v.round?.status === "revealed" && v.round.insight !== null);
    expect(await host.getByTestId("insight-sentence").textContent()).toBe(revealed1.round!.insight!.sentence);
    for (const p of [ada, grace]) {
      await p.page.getByText("Round 1 result", { exact: true }).waitFor();
      await p.page.getByTestId("my-calibration").filter({ hasText: /decades? from the best/ }).waitFor();
      await p.page.getByTestId("trend-sentence").waitFor();
    }
    // Step with the class median (plain α), so the β round can hold that α fixed.
    await host.getByLabel("α from").selectOption("median");
    await host.getByRole("button", { name: "Take one step" }).click();
    await host.getByRole("status").filter({ hasText: /Stepped with α = / }).waitFor();

    // Round 2 guesses β at a fixed α: k defaults to 10, the note says why k ≥ 2, α defaults to the latest step's.
    await kinds.getByRole("button", { name: "momentum β" }).click();
    expect(await host.getByLabel("Steps k").inputValue()).toBe("10");
    await host.getByTestId("beta-round-note").filter({ hasText: "k ≥ 2" }).waitFor();
    await host.getByLabel("Steps k").fill("1");
    expect(await host.getByRole("button", { name: "Open β round 2" }).isDisabled()).toBe(true);
    await host.getByRole("alert").filter({ hasText: /A β round needs k from 2/ }).waitFor();
    await host.getByLabel("Steps k").fill("10");
    await host.getByRole("button", { name: "Open β round 2" }).click();
    await host.getByRole("heading", { name: /Guess β \(momentum\) at α = / }).waitFor();
    await shot(host, "console-beta-open.png");
    await expectNoPageScroll(host);
    const opened = await watcher.views.waitFor((v) => v.round?.number === 2 && v.round.status === "open");
    expect(opened.round).toMatchObject({ guess: "beta", k: 10 });
    const fixedAlpha = opened.round!.fixedAlpha!;
    // Left blank, the fixed α is the one the class last stepped with (the median step above).
    expect(fixedAlpha).toBe(opened.history.at(-1)!.alpha);

    // Phones: the β slider (0 … 0.999, fine near 1) with the fixed α shown; Ada picks 0.99, Grace keeps 0.9.
    const grid = betaScale().grid;
    for (const [i, p] of [ada, grace].entries()) {
      await p.page.getByRole("heading", { name: "Round 2" }).waitFor();
      await p.page.getByTestId("fixed-alpha").filter({ hasText: "α is fixed at" }).waitFor();
      const slider = p.page.getByRole("slider", { name: "Your momentum β" });
      expect(await slider.getAttribute("aria-valuetext")).toBe("β = 0.9");
      if (i === 0) {
        const target = grid.indexOf(0.99);
        await slider.fill(String(target));
        expect(await p.page.locator("output[for]").textContent()).toBe("0.99");
        await expectPhoneLayout(p.page);
        await shot(p.page, "phone-beta-slider.png");
      }
      await p.page.getByRole("button", { name: `Lock in β = ${i === 0 ? "0.99" : "0.9"}` }).tap();
      await p.page.getByText("Received. You can change it until the round closes.").waitFor();
    }
    const guessed = await watcher.views.waitFor((v) => v.round?.guesses.length === 2);
    expect(guessed.round!.guesses.map((g) => g.alpha).sort()).toEqual([0.9, 0.99]);

    await host.getByRole("button", { name: "Close guessing" }).click();
    await host.getByRole("button", { name: "Reveal" }).click();
    await host.getByRole("heading", { name: /Round 2: how good was each β\?/ }).waitFor();
    await host.getByTestId("alpha-curve").locator(".recharts-scatter-symbol").nth(1).waitFor();
    expect(await host.getByTestId("alpha-curve").textContent()).toContain("momentum β (log scale on 1 − β)");
    const revealed2: HostView = await watcher.views.waitFor((v) => v.round?.number === 2 && v.round.status === "revealed" && v.round.insight !== null);
    const best = revealed2.round!.reveal!.bestAlpha;
    expect(await host.getByTestId("reveal-summary").textContent()).toContain(`best β ≈ ${formatBeta(best)}`);
    expect(await host.getByTestId("insight-sentence").textContent()).toBe(revealed2.round!.insight!.sentence);
    expect(await host.getByTestId("guess-histogram").textContent()).toContain("guessed β");
    await expectNoPageScroll(host);
    await shot(host, "console-beta-reveal-insight.png");

    // The results tab: verdict and calibration per guess, with β in the value column.
    await host.getByRole("tab", { name: "Results" }).click();
    const table = host.getByTestId("guess-table");
    await table.waitFor();
    const verdicts = revealed2.round!.results!.map((r) => r.verdict.replace("-", " "));
    for (const v of verdicts) expect(await table.textContent()).toContain(v);
    expect(await table.locator("thead").textContent()).toContain("β");

    // Ada's phone: verdict, calibration, trend over her two rounds and her calibration rank.
    const adaId = revealed2.players.find((p) => p.nickname === "Ada")!.id;
    const adaResult = revealed2.round!.results!.find((r) => r.playerId === adaId)!;
    await ada.page.getByText("Round 2 result", { exact: true }).waitFor();
    await ada.page.getByTestId("my-calibration").waitFor();
    const trend = ada.page.getByTestId("trend");
    await trend.waitFor();
    expect(await trend.textContent()).toMatch(/Decades from the best \(0 = spot on\): [\d.]+ → [\d.]+/);
    const rank = revealed2.calibrationBoard.find((e) => e.playerId === adaId)!.rank;
    expect(await ada.page.getByTestId("calibration-rank").textContent()).toBe(`#${rank} of 2 best calibrated`);
    expect(adaResult.calibration).not.toBeNull();
    await expectPhoneLayout(ada.page);
    await shot(ada.page, "phone-reveal-trend.png", true);

    // Step with the class's β, then end: the podium beside the best-calibrated ranking.
    await host.getByRole("button", { name: "Take one step" }).click();
    await host.getByRole("status").filter({ hasText: /Stepped with α = .*, β = / }).waitFor();
    await host.getByRole("button", { name: "End session" }).click();
    await host.getByRole("dialog").getByRole("button", { name: "End session" }).click();
    await host.getByTestId("podium").waitFor();
    const board = host.getByTestId("stage").getByTestId("calibration-board");
    await board.waitFor();
    expect(await board.getByRole("listitem").count()).toBe(2);
    expect(await host.getByTestId("stage").textContent()).toContain("Best calibrated");
    await expectNoPageScroll(host);
    await shot(host, "console-podium-rankings.png");

    for (const p of [ada, grace]) expect(p.errors).toEqual([]);
    // The β slider, trend and calibration kept the phone free of the engine, the chart library and zod.
    expect(phoneScripts.size).toBeGreaterThan(0);
    for (const [url, text] of phoneScripts) for (const s of FORBIDDEN_IN_PHONE_JS) expect(text.includes(s), `${s} in ${url}`).toBe(false);
    expect(hostErrors).toEqual([]);

    // The replay: plays to the end with every checksum reproduced, β round labelled, each student's trend listed.
    const replay = await openPage(browser.browser, `${server.url}/replay/${created.sessionId}`, { viewport: PROJECTOR, deviceScaleFactor: 1, consoleErrors: true });
    contexts.push(replay.context);
    await replay.page.locator("[data-replay-ready]").waitFor();
    await replay.page.getByTestId("integrity").filter({ hasText: /recorded checksums reproduced/ }).waitFor({ timeout: 60_000 });
    await replay.page.getByRole("button", { name: "Round 2", exact: true }).click();
    await replay.page.getByRole("heading", { name: /Round 2: how good was each β\?/ }).waitFor();
    await replay.page.getByTestId("class-insight").waitFor();
    expect(await replay.page.getByTestId("guess-table").locator("thead").textContent()).toContain("β");
    await replay.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await replay.page.keyboard.press("End");
    await replay.page.getByTestId("podium").waitFor();
    await replay.page.getByTestId("student-trend").waitFor();
    expect(await replay.page.getByTestId("student-trend").textContent()).toMatch(/→|decades/);
    await shot(replay.page, "replay-momentum-ended.png", true);
    expect(replay.errors).toEqual([]);
  });

  it("draws momentum beside plain descent on the one-weight J(w) curve, on the projector and in a replay on a phone", { timeout: 120_000 }, async () => {
    const created: CreateSessionResponse = await createSession(server.url, {
      config: { scenario: "one-weight", seed: 3, optimizer: { kind: "momentum", beta: 0.9 } },
    });
    const storage = { "backprop-live:host-preferences": JSON.stringify({ theme: "light", presenter: true }) };
    const { page: host, errors: hostErrors } = await openHostConsole(browser.browser, server.url, created, { viewport: PROJECTOR, deviceScaleFactor: 1, storage, consoleErrors: true });
    contexts.push(host.context());
    await host.getByTestId("join-code").waitFor();
    // No α is known before the first step, so there is nothing to compare yet.
    expect(await host.getByTestId("momentum-paths").count()).toBe(0);

    await host.getByLabel("Run with α").fill("0.3");
    await host.getByLabel("Steps", { exact: true }).fill("2");
    await host.getByRole("button", { name: "Run 2 steps" }).click();
    await host.getByRole("status").filter({ hasText: /Ran 2 steps at α = 0\.3/ }).waitFor();

    // The lobby's join screen covers the stage until the instructor hides it (the join code button).
    const joinButton = host.getByRole("button", { name: /Join code/ });
    expect(await joinButton.getAttribute("aria-pressed")).toBe("true");
    await joinButton.click();
    // Both paths from the same weights: plain dashed with hollow dots, momentum solid with squares, one marker a step.
    const paths = host.getByTestId("model-picture").getByTestId("momentum-paths");
    await paths.waitFor();
    await host.getByRole("heading", { name: "Cost J(w)" }).waitFor();
    expect(await paths.locator("circle").count()).toBeGreaterThan(1);
    expect(await paths.locator("rect").count()).toBeGreaterThan(1);
    const [plainPath, momentumPath] = await paths.locator("path").evaluateAll((els) => els.map((el) => el.getAttribute("d") ?? ""));
    expect(plainPath.split("L").length).toBeGreaterThan(2);
    expect(momentumPath).not.toBe(plainPath);
    expect(await host.getByTestId("paths-legend").textContent()).toMatch(/plain descent.*momentum β = 0\.9.*α = 0\.3/);
    await shot(host, "console-one-weight-paths.png");
    await expectNoPageScroll(host);
    await host.getByRole("button", { name: "End session" }).click();
    await host.getByRole("dialog").getByRole("button", { name: "End session" }).click();
    await host.getByTestId("podium").waitFor();
    expect(hostErrors).toEqual([]);

    // Someone reviewing the lesson on a phone sees the same comparison at the end of the replay, without scrolling sideways.
    const replay = await openPage(browser.browser, `${server.url}/replay/${created.sessionId}`, {
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 2,
      consoleErrors: true,
    });
    contexts.push(replay.context);
    await replay.page.locator("[data-replay-ready]").waitFor();
    await replay.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await replay.page.keyboard.press("End");
    const replayPaths = replay.page.getByTestId("momentum-paths");
    await replayPaths.waitFor();
    await replayPaths.scrollIntoViewIfNeeded();
    expect(await replayPaths.locator("rect").count()).toBeGreaterThan(1);
    const width = await replay.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(width.scroll, "horizontal scrolling").toBeLessThanOrEqual(width.client);
    await shot(replay.page, "replay-one-weight-paths-phone.png");
    expect(replay.errors).toEqual([]);
  });
});
