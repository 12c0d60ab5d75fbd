import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import type { CreateSessionResponse } from "@/lib/protocol";
import { artifactPath, browserSkipReason } from "../helpers/browser";
import { openHostConsole, useBrowser, useTestServer } from "../helpers/fixtures";
import { createSession, joinStudent, type Student } from "../helpers/lesson";

const PROJECTOR = { width: 1920, height: 1080 };

describe.skipIf(!!browserSkipReason)("instructor console on a projector", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();
  const students: Student[] = [];

  afterAll(async () => {
    for (const s of students) s.socket.close();
  });

  /** A console page that holds the host token the way the landing page leaves it: in localStorage, not the URL. */
  async function openConsole(created: CreateSessionResponse, viewport = PROJECTOR, theme: "light" | "dark" = "light") {
    const preferences = { "backprop-live:host-preferences": JSON.stringify({ theme, presenter: true }) };
    const { page, errors, context } = await openHostConsole(browser.browser, server.url, created, { viewport, deviceScaleFactor: 1, storage: preferences, consoleErrors: true });
    expect(page.url()).not.toContain(created.hostToken);
    return { page, errors, close: () => context.close() };
  }

  async function shot(page: Page, name: string) {
    await page.waitForTimeout(150); // let Recharts finish measuring its container
    await page.screenshot({ path: artifactPath(name) });
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

  it("says so when this browser did not create the session", async () => {
    const created = await createSession(server.url, {});
    const context = await browser.browser.newContext({ viewport: PROJECTOR });
    const page = await context.newPage();
    await page.goto(`${server.url}/host/${created.sessionId}`);
    await page.getByRole("heading", { name: /did not create this session/i }).waitFor();
    expect(await page.getByRole("link", { name: /start a new session/i }).getAttribute("href")).toBe("/");
    await shot(page, "host-no-token.png");
    await context.close();
  });

  it("runs a whole round of a line fit from the console", async () => {
    const created = await createSession(server.url, { config: { scenario: "line-fit", seed: 7 } });
    const { page, errors, close } = await openConsole(created);

    // Lobby: the code, the join URL and its QR code, as large as the stage allows.
    await page.getByTestId("join-code").waitFor();
    expect((await page.getByTestId("join-code").textContent())?.replace(/\s/g, "")).toBe(created.joinCode);
    expect(await page.getByTestId("join-url").textContent()).toContain(`/play/${created.joinCode}`);
    expect(await page.getByRole("img", { name: /QR code for/ }).isVisible()).toBe(true);
    await expectNoPageScroll(page);
    await shot(page, "host-lobby-empty.png");

    for (const name of ["Ada", "Grace", "Alan"]) students.push(await joinStudent(server.url, created.joinCode, name));
    await page.getByTestId("players-list").getByRole("listitem").nth(2).waitFor();
    expect(await page.getByTestId("players-list").getByRole("listitem").count()).toBe(3);
    expect(await page.getByTestId("player-count").textContent()).toBe("3 students");
    await shot(page, "host-lobby.png");

    // Lock and unlock joining: a fourth student is refused while locked.
    await page.getByRole("button", { name: "Lock joining" }).click();
    await page.getByRole("button", { name: /Join code/ }).filter({ hasText: "(locked)" }).waitFor();
    await expect(joinStudent(server.url, created.joinCode, "Late")).rejects.toThrow(/SESSION_LOCKED/);
    await page.getByRole("button", { name: "Unlock joining" }).click();
    await page.getByRole("button", { name: "Lock joining" }).waitFor();

    // Open a timed round from the console; the countdown and "answered" count follow the students.
    await page.getByLabel("Timer (s)").fill("90");
    await page.getByRole("button", { name: "Open round 1" }).click();
    await page.getByRole("timer").waitFor();
    expect(await page.getByRole("button", { name: "Reveal" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Reveal" }).getAttribute("title")).toMatch(/close the round first/i);
    const alphas = [0.02, 0.3, 9];
    await Promise.all(students.map((s, i) => s.send("guess:submit", { alpha: alphas[i] })));
    await page.getByTestId("answered").filter({ hasText: "3 / 3 answered" }).waitFor();
    await expectNoPageScroll(page);
    await shot(page, "host-round-open.png");

    // Pause freezes the clock; resume carries on.
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByTestId("session-status").filter({ hasText: "Paused" }).waitFor();
    await page.getByRole("timer", { name: /paused/ }).waitFor();
    expect(await page.getByRole("button", { name: "Take one step" }).getAttribute("title")).toMatch(/paused/i);
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByTestId("session-status").filter({ hasText: "Live" }).waitFor();

    await page.getByRole("button", { name: "Close guessing" }).click();
    await page.getByRole("heading", { name: /3 guesses are in/ }).waitFor();
    await shot(page, "host-round-closed.png");

    // Reveal: the α curve with one dot per guess, the histogram and the leaderboard.
    await page.getByRole("button", { name: "Reveal" }).click();
    await page.getByTestId("alpha-curve").locator(".recharts-scatter-symbol").nth(2).waitFor();
    expect(await page.getByTestId("alpha-curve").locator(".recharts-scatter-symbol").count()).toBe(3);
    // Three guesses two decades apart: three non-empty bins.
    expect(await page.getByTestId("guess-histogram").locator(".recharts-bar-rectangle").count()).toBe(3);
    const leaderboard = page.getByRole("list", { name: "Leaderboard" });
    await leaderboard.waitFor();
    expect(await leaderboard.getByRole("listitem").count()).toBe(3);
    await expectNoPageScroll(page);
    await shot(page, "host-reveal.png");

    // "What am I looking at?" lays a plain-words explanation over the panel, and closes again.
    const explain = page.getByTestId("stage").getByRole("button", { name: "What am I looking at?" });
    await explain.click();
    await page.getByRole("region", { name: "How good was each α?" }).waitFor();
    await shot(page, "host-explain.png");
    await page.getByRole("region", { name: "How good was each α?" }).getByRole("button", { name: "Close" }).click();
    expect(await explain.getAttribute("aria-expanded")).toBe("false");

    // Step with the class median: the loss chart gains a point.
    const before = Number(await page.getByTestId("loss-chart").getAttribute("data-points"));
    await page.getByLabel("α from").selectOption("median");
    await page.getByRole("button", { name: "Take one step" }).click();
    await page.getByRole("status").filter({ hasText: /Stepped with α = 0\.3 \(class median\)/ }).waitFor();
    await page.locator(`[data-testid="loss-chart"][data-points="${before + 1}"]`).waitFor();
    await shot(page, "host-after-step.png");

    // Run a few steps so the descent path has something to show, then pick a weight with the keyboard.
    await page.getByLabel("Run with α").fill("0.05");
    await page.getByLabel("Steps", { exact: true }).fill("5");
    await page.getByRole("button", { name: "Run 5 steps" }).click();
    await page.locator(`[data-testid="loss-chart"][data-points="${before + 6}"]`).waitFor();
    await page.getByRole("listbox", { name: /Network diagram/ }).focus();
    await page.keyboard.press("ArrowRight");
    const chain = page.getByTestId("chain-rule");
    await chain.waitFor();
    expect(await chain.textContent()).toMatch(/∂J\/∂w for w/);
    expect(await chain.textContent()).toMatch(/Averaged over all \d+ training samples/);
    await chain.getByRole("button", { name: "Next sample" }).click();
    await chain.getByText(/sample 2 of \d+/).waitFor();
    await expectNoPageScroll(page);
    await shot(page, "host-chain-rule.png");
    await chain.getByRole("button", { name: /Close chain rule/ }).click();

    // The same console at 1280×720 still fits.
    await page.setViewportSize({ width: 1280, height: 720 });
    await expectNoPageScroll(page);
    await shot(page, "host-720p.png");
    await page.setViewportSize(PROJECTOR);

    // End (after confirming): the podium.
    await page.getByRole("button", { name: "End session" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "End session" }).click();
    await page.getByTestId("podium").waitFor();
    expect(await page.getByTestId("session-status").textContent()).toBe("Ended");
    await page.getByRole("heading", { name: "This session has ended" }).waitFor();
    await shot(page, "host-ended.png");

    expect(errors).toEqual([]);
    await close();
  });

  it("shows the decision map of a classification session, in the dark theme too", async () => {
    const created = await createSession(server.url, { config: { scenario: "classification", dataset: "circle" }, rules: { hideNicknames: true } });
    const student = await joinStudent(server.url, created.joinCode, "Hedy");
    students.push(student);
    const { page, errors, close } = await openConsole(created);
    await page.getByTestId("join-code").waitFor();
    // Hide the join screen to see the pictures, then train a little.
    await page.getByRole("button", { name: /Join code/ }).click();
    const heatmap = page.getByTestId("model-picture").getByRole("img", { name: /Decision map/ });
    await heatmap.waitFor();
    expect(await heatmap.locator("image").count()).toBe(1);
    await page.getByLabel("α from").selectOption("engine");
    await page.getByRole("button", { name: "Take one step" }).click();
    await page.getByRole("status").filter({ hasText: /Stepped with α/ }).waitFor();
    await page.getByLabel("Run with α").fill("0.5");
    await page.getByLabel("Steps", { exact: true }).fill("30");
    await page.getByRole("button", { name: "Run 30 steps" }).click();
    await page.getByRole("status").filter({ hasText: /Ran 30 steps/ }).waitFor();
    // Losing the connection shows in the badge; on reconnect the console attaches again by itself.
    await page.context().setOffline(true);
    await page.getByRole("status").filter({ hasText: "Reconnecting…" }).first().waitFor();
    await page.context().setOffline(false);
    await page.getByRole("status").filter({ hasText: "Connected" }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("button", { name: "Run 30 steps" }).isEnabled()).toBe(true);
    // Pseudonyms by the session's rule.
    expect(await page.getByTestId("players-list").textContent()).not.toContain("Hedy");
    await page.getByRole("button", { name: "gradients" }).click();
    expect(await page.getByRole("button", { name: "gradients" }).getAttribute("aria-pressed")).toBe("true");
    await expectNoPageScroll(page);
    await shot(page, "host-classification.png");

    await page.getByRole("button", { name: "Dark" }).click();
    await page.locator(".dark").first().waitFor();
    await page.getByRole("combobox", { name: "Chain rule", exact: true }).selectOption({ index: 3 });
    await page.getByTestId("chain-rule").waitFor();
    await shot(page, "host-classification-dark.png");

    // Remove a student, after confirming.
    await page.getByRole("tab", { name: /Players/ }).click();
    await page.getByRole("button", { name: /^Remove / }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
    await page.getByText("Nobody has joined yet").waitFor();

    // The laptop layout scrolls like a document instead of fitting the screen.
    await page.getByRole("button", { name: "Presenter" }).click();
    await page.getByRole("button", { name: "Presenter", pressed: false }).waitFor();
    await page.waitForTimeout(200);
    await page.screenshot({ path: artifactPath("host-laptop.png"), fullPage: true });
    expect(errors).toEqual([]);
    await close();
  });

  it("draws the one-weight bowl and the curve fit", async () => {
    for (const scenario of ["one-weight", "curve-fit"] as const) {
      const created = await createSession(server.url, { config: { scenario } });
      const { page, errors, close } = await openConsole(created);
      await page.getByRole("button", { name: /Join code/ }).click();
      await page.getByLabel("Run with α").fill(scenario === "one-weight" ? "0.15" : "0.3");
      await page.getByLabel("Steps", { exact: true }).fill("4");
      await page.getByRole("button", { name: "Run 4 steps" }).click();
      await page.getByRole("status").filter({ hasText: /Ran 4 steps/ }).waitFor();
      await page.getByTestId("model-picture").locator("svg").first().waitFor();
      await shot(page, `host-${scenario}.png`);
      expect(errors).toEqual([]);
      await close();
    }
  });
});
