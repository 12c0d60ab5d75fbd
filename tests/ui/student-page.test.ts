import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JoinCodeSchema, NicknameSchema, type CreateSessionResponse, type HostView } from "@/lib/protocol";
import { normalizeJoinCode } from "@/app/_components/landing/join-code";
import { alphaGrid, nearestIndex, startingAlpha } from "@/app/play/_lib/alpha-scale";
import { formatAlpha } from "@/app/_components/pictures/format-number";
import { nicknameLength, nicknameProblem, normalizeNickname } from "@/app/play/_lib/nickname-check";
import { nicknameRefusal } from "@/lib/protocol/nickname-policy";
import { artifactPath, browserSkipReason } from "../helpers/browser";
import { useBrowser, useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, type Host, type Student } from "../helpers/lesson";

// — The zod-free mirrors the phone uses must agree with the protocol's schemas (they exist to keep zod off phones). —

describe("client-side mirrors of the protocol schemas", () => {
  it("normalises join codes exactly like JoinCodeSchema", () => {
    const inputs = ["k7p 2qx", "K7P-2QX", " abc 234 ", "ABCDEF", "ABC0EF", "abcde", "ABCDEFG", "ab-cd-ef", "ÄBC234", "a\tb\nc234", "x".repeat(40), ""];
    for (const input of inputs) {
      const schema = JoinCodeSchema.safeParse(input);
      expect(normalizeJoinCode(input), JSON.stringify(input)).toBe(schema.success ? schema.data : null);
    }
  });

  it("accepts and normalises nicknames exactly like NicknameSchema", () => {
    const inputs = [
      "Ada",
      "  Ada   Lovelace ",
      "",
      "   ",
      "a".repeat(24),
      "a".repeat(25),
      "😀".repeat(24),
      "😀".repeat(25),
      "x\u0000y",
      "a\u200bb",
      "e\u0301",
      "tab\there",
      "x".repeat(201),
    ];
    for (const input of inputs) {
      const schema = NicknameSchema.safeParse(input);
      expect(nicknameProblem(input) === null, JSON.stringify(input)).toBe(schema.success);
      if (schema.success) expect(normalizeNickname(input)).toBe(schema.data);
    }
  });

  it("agrees with the server on emoji, invisible and blank-looking nicknames (schema plus the session's visibility rule)", () => {
    const inputs = ["👩‍💻", "👩‍💻".repeat(24), "👩‍💻".repeat(25), "al\u200Bice\uFE0F", "ali\u034Fce", "\u3164", "\u2800", "\u200B", "a\uD800", "\u202Eevil", "e" + "\u0301".repeat(5), "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"];
    for (const input of inputs) {
      const schema = NicknameSchema.safeParse(input);
      const accepted = schema.success && nicknameRefusal(schema.data, { profanityFilter: false }) === null;
      expect(nicknameProblem(input) === null, JSON.stringify(input)).toBe(accepted);
      if (schema.success) expect(normalizeNickname(input)).toBe(schema.data);
    }
    expect(nicknameLength("👩‍💻 Ada")).toBe(5);
    expect(nicknameProblem("\u3164")).toBe("That name would be invisible on the projector — pick another.");
  });

  it("puts the slider on a log grid of nice values and prints them plainly", () => {
    const grid = alphaGrid(1e-4, 10);
    expect(grid[0]).toBe(1e-4);
    expect(grid.at(-1)).toBe(10);
    expect(grid).toContain(0.03);
    expect(grid).toContain(0.0005);
    expect(grid).toContain(1.5);
    for (let i = 1; i < grid.length; i++) expect(grid[i]).toBeGreaterThan(grid[i - 1]);
    expect(grid.map(formatAlpha).slice(0, 7)).toEqual(["0.0001", "0.00015", "0.0002", "0.0003", "0.0005", "0.0007", "0.001"]);
    expect([0.03, 0.0005, 2.5, 10, 0.1, 1.5e-6].map(formatAlpha)).toEqual(["0.03", "0.0005", "2.5", "10", "0.1", "1.5 × 10⁻⁶"]);
    // A session with uneven ends keeps them as the slider's ends.
    expect(alphaGrid(0.00012, 8)).toEqual(expect.arrayContaining([0.00012, 0.00015, 7, 8]));
  });
});

// — The pages, in a real Chromium against the real server. —

type Layout = { scrollWidth: number; clientWidth: number; smallTargets: string[] };

/** No horizontal scrolling, and every visible control at least 44×44 px (sr-only radios excepted: their card is the target). */
async function checkLayout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("button, a[href], input:not(.sr-only), select, summary")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const target = el.closest("label") ?? el;
      const t = target.getBoundingClientRect();
      if (t.height < 44 || t.width < 44) small.push(`${el.tagName} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(t.width)}×${Math.round(t.height)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, smallTargets: small };
  });
}

async function expectPhoneLayout(page: Page): Promise<void> {
  const layout = await checkLayout(page);
  expect(layout.scrollWidth, "horizontal scrolling").toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.smallTargets, "touch targets under 44 px").toEqual([]);
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: artifactPath(name), fullPage });
}

/** Strings that only exist in lib/engine, recharts or zod: none may reach a phone. */
const FORBIDDEN_IN_PHONE_JS = ["unknown activation", "trueSlope", "recharts", "ZodError"];

describe.skipIf(!!browserSkipReason)("student page on a phone", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();
  let created: CreateSessionResponse;
  let host: Host;
  let grace: Student;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    created = await createSession(server.url, { config: { scenario: "line-fit", seed: 7 }, rules: { speedBonus: true } });
    host = await attachHost(server.url, created);
    grace = await joinStudent(server.url, created.joinCode, "Grace");
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    grace?.socket.close();
    host?.socket.close();
  });

  async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[]; scripts: Map<string, string> }> {
    const context = await browser.browser.newContext({
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    const scripts = new Map<string, string>();
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (msg) => {
      // Network failures while the test takes the phone offline are expected; anything else is a bug.
      if (msg.type() === "error" && !/net::ERR|WebSocket|Failed to load resource/.test(msg.text())) errors.push(msg.text());
    });
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return;
      response.text().then(
        (text) => scripts.set(response.url(), text),
        () => undefined,
      );
    });
    return { context, page, errors, scripts };
  }

  const playerId = (view: HostView, nickname: string) => view.players.find((p) => p.nickname === nickname)!.id;

  it("joins, guesses, survives a reload and an outage mid-round, then sees its score and verdict", { timeout: 120_000 }, async () => {
    const { context, page, errors, scripts } = await phone();
    const code = created.joinCode;

    // A typed-in lower-case code lands on the canonical URL.
    await page.goto(`${server.url}/play/${code.toLowerCase().slice(0, 3)}-${code.toLowerCase().slice(3)}`);
    await page.waitForURL(`**/play/${code}`);
    const nickname = page.getByLabel("Your nickname");
    await nickname.waitFor();
    await page.getByText("1 player already in.").waitFor();
    await shot(page, "phone-nickname.png");
    await expectPhoneLayout(page);

    // Client-side check while typing, then the server's refusal of a taken name.
    await nickname.fill("x".repeat(25));
    await page.getByText("at most 24 characters (this one has 25)").waitFor();
    await nickname.fill("grace");
    await page.getByRole("button", { name: "Join the game" }).click();
    await page.getByText("is already taken in this session").waitFor();
    await shot(page, "phone-nickname-taken.png");
    await nickname.fill("  Ada  ");
    await page.getByRole("button", { name: "Join the game" }).click();

    await page.getByRole("heading", { name: "You're in, Ada!" }).waitFor();
    await page.getByText("Waiting for the instructor to open a round. When it opens").waitFor();
    await page.getByText("Connected", { exact: true }).waitFor();
    await shot(page, "phone-lobby.png");
    await expectPhoneLayout(page);
    const stored = await page.evaluate((c) => localStorage.getItem(`backprop-live:player-code:${c}`), code);
    expect(JSON.parse(stored!)).toMatchObject({ joinCode: code, nickname: "Ada" });

    // A timed round opens (from the host's socket); the phone counts down and says what is scored.
    expect(await host.send("round:open", { k: 3, timerSeconds: 300 })).toMatchObject({ ok: true, round: 1 });
    await page.getByRole("heading", { name: "Round 1" }).waitFor();
    await page.getByText("scored by the loss after 3 steps").waitFor();
    await page.getByText(/^[45]:\d\d$/).waitFor();

    const grid = alphaGrid(1e-4, 10);
    const start = nearestIndex(grid, startingAlpha(1e-4, 10));
    const slider = page.getByRole("slider", { name: "Your learning rate α" });
    const output = page.locator("output[for]");
    expect(await output.textContent()).toBe(formatAlpha(grid[start]));
    // Keyboard on the slider (two nice steps), then a tap on "+" (one more).
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.getByRole("button", { name: /^Larger/ }).tap();
    const first = grid[start + 3];
    expect(await output.textContent()).toBe(formatAlpha(first));
    expect(await slider.getAttribute("aria-valuetext")).toBe(`α = ${formatAlpha(first)}`);
    await expectPhoneLayout(page);
    await shot(page, "phone-round-open.png");

    await page.getByRole("button", { name: `Lock in α = ${formatAlpha(first)}` }).tap();
    await page.getByText(`Locked in: ${formatAlpha(first)}`, { exact: true }).waitFor();
    await page.getByText("Received. You can change it until the round closes.").waitFor();
    await host.views.waitFor((v) => v.round?.guesses.some((g) => g.alpha === first) ?? false);
    await shot(page, "phone-locked-in.png");

    // Change the guess: one tap on "−", then resubmit.
    await page.getByRole("button", { name: /^Smaller/ }).tap();
    const second = grid[start + 2];
    await page.getByRole("button", { name: `Change my guess to ${formatAlpha(second)}` }).tap();
    await page.getByText(`Locked in: ${formatAlpha(second)}`, { exact: true }).waitFor();
    await host.views.waitFor((v) => v.round?.guesses.some((g) => g.alpha === second) ?? false);

    // Reload mid-round: same player, the guess still locked in and the slider back on it.
    await page.reload();
    await page.getByRole("heading", { name: "Round 1" }).waitFor();
    await page.getByText(`Locked in: ${formatAlpha(second)}`, { exact: true }).waitFor();
    expect(await output.textContent()).toBe(formatAlpha(second));
    expect(await page.locator("header").textContent()).toContain("Ada");
    const afterReload = await host.views.waitFor((v) => v.players.filter((p) => p.connected).length === 2);
    expect(afterReload.players.map((p) => p.nickname)).toEqual(["Grace", "Ada"]);
    await shot(page, "phone-after-reload.png");

    // The network drops: the badge says so; a guess made now is sent once the phone is back.
    await context.setOffline(true);
    await page.getByText("Offline", { exact: true }).waitFor();
    await page.getByRole("button", { name: /^Larger/ }).tap();
    await page.getByRole("button", { name: `Change my guess to ${formatAlpha(first)}` }).tap();
    await page.waitForTimeout(300); // let the button's colour transition finish before the picture
    await shot(page, "phone-offline.png");
    await context.setOffline(false);
    await page.getByText("Connected", { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByText(`Locked in: ${formatAlpha(first)}`, { exact: true }).waitFor({ timeout: 15_000 });
    await host.views.waitFor((v) => v.round?.guesses.some((g) => g.alpha === first) ?? false, 15_000);

    // Close: the phone waits for the reveal and shows what counted.
    await grace.send("guess:submit", { alpha: 0.3 });
    expect(await host.send("round:close")).toMatchObject({ ok: true });
    await page.getByRole("heading", { name: "Round 1 is closed" }).waitFor();
    await page.getByText(`α = ${formatAlpha(first)}`).waitFor();
    await shot(page, "phone-closed.png");

    // Reveal: verdict, score (with the speed bonus), rank, the curve and the leaderboard.
    expect(await host.send("round:reveal")).toMatchObject({ ok: true });
    await page.getByText("Round 1 result", { exact: true }).waitFor();
    const hostView = await host.views.waitFor((v) => v.round?.status === "revealed");
    const mine = hostView.round!.results!.find((r) => r.playerId === playerId(hostView, "Ada"))!;
    expect(mine.alpha).toBe(first);
    await page.getByText(`+${mine.score.toLocaleString("en")}`, { exact: true }).waitFor();
    const verdict = (await page.locator("#reveal-title").textContent())!.replace(/^\W+/, "");
    expect(["Too small", "About right", "Too large", "Way too large"]).toContain(verdict);
    expect(await page.getByRole("img", { name: /Loss after 3 steps for each learning rate/ }).isVisible()).toBe(true);
    const meRow = page.locator('li[aria-current="true"]');
    expect(await meRow.textContent()).toContain("Ada");
    await expectPhoneLayout(page);
    await shot(page, "phone-reveal.png");
    await shot(page, "phone-reveal-full.png", true);
    await page.locator("figure").screenshot({ path: artifactPath("phone-reveal-curve.png") });

    // Pause and resume.
    await host.send("session:pause");
    await page.getByRole("heading", { name: "Paused" }).waitFor();
    await shot(page, "phone-paused.png");
    await host.send("session:resume");
    await page.getByText("Round 1 result", { exact: true }).waitFor();

    // The end: final total and rank.
    await host.send("session:end");
    await page.getByRole("heading", { name: "Thanks for playing, Ada!" }).waitFor();
    await page.getByText("Final leaderboard").waitFor();
    await expectPhoneLayout(page);
    await shot(page, "phone-ended.png", true);

    // Nothing of lib/engine, recharts or zod was downloaded by the phone.
    const js = [...scripts.values()];
    expect(js.length).toBeGreaterThan(0);
    for (const marker of FORBIDDEN_IN_PHONE_JS) expect(js.some((text) => text.includes(marker)), marker).toBe(false);
    const kB = js.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1024;
    console.info(`student page JavaScript: ${js.length} files, ${kB.toFixed(0)} kB uncompressed`);
    expect(errors).toEqual([]);
  });

  it("shows a removed screen to a kicked phone and forgets its player", { timeout: 60_000 }, async () => {
    const second = await createSession(server.url, { config: { scenario: "one-weight" } });
    const secondHost = await attachHost(server.url, second);
    try {
      const { page, errors } = await phone();
      await page.goto(`${server.url}/play/${second.joinCode}`);
      await page.getByLabel("Your nickname").fill("Bob");
      await page.getByRole("button", { name: "Join the game" }).click();
      await page.getByRole("heading", { name: "You're in, Bob!" }).waitFor();
      const view = await secondHost.views.waitFor((v) => v.players.length === 1);
      expect(await secondHost.send("player:kick", { playerId: view.players[0].id })).toMatchObject({ ok: true });
      await page.getByRole("heading", { name: "You were removed from this session" }).waitFor();
      await expectPhoneLayout(page);
      await shot(page, "phone-kicked.png");
      await page.reload();
      await page.getByLabel("Your nickname").waitFor(); // the token was forgotten: a fresh start
      expect(errors).toEqual([]);
    } finally {
      secondHost.socket.close();
    }
  });

  it("explains unknown and malformed codes", async () => {
    const { page } = await phone();
    await page.goto(`${server.url}/play/ZZZZZZ`);
    await page.getByRole("heading", { name: "No session has the code ZZZZZZ" }).waitFor();
    await shot(page, "phone-not-found.png");
    await page.goto(`${server.url}/play/hello`);
    await page.getByRole("heading", { name: "That link has no valid join code" }).waitFor();
    await expectPhoneLayout(page);
  });
});

describe.skipIf(!!browserSkipReason)("landing page actions", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();

  it("joins by code: normalises what was typed and opens /play/CODE", async () => {
    const page = await browser.browser.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 });
    await page.goto(server.url + "/");
    const input = page.getByLabel("Join code");
    await input.fill("k7p 1qx");
    await page.getByRole("button", { name: "Join", exact: true }).click();
    await page.getByText("Codes never contain 0, O, 1, I or L").waitFor();
    await input.fill("k7p-2qx");
    await page.getByRole("button", { name: "Join", exact: true }).click();
    await page.waitForURL("**/play/K7P2QX");
    // Let the page finish talking to the server before closing it (an aborted request holds up the server's shutdown).
    await page.getByRole("heading", { name: "No session has the code K7P2QX" }).waitFor();
    await page.close();
  });

  it("starts a session: shows the server's validation message, then lands on /host/<id> with the token stored", { timeout: 90_000 }, async () => {
    const page = await browser.browser.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.url + "/");
    await expectPhoneLayout(page);
    await shot(page, "home-phone-full.png", true);

    await page.getByText("Classification", { exact: true }).click();
    await page.getByText("Spiral", { exact: true }).click();
    await page.getByText("Advanced options").click();
    await page.getByLabel("Number of points").fill("5");
    await page.getByRole("button", { name: "+ Add a layer" }).click();
    await page.getByLabel("Speed bonus").check();
    // The profanity rule is on unless the instructor unticks it.
    expect(await page.getByLabel("Refuse rude nicknames").isChecked()).toBe(true);
    await page.getByLabel("Refuse rude nicknames").uncheck();
    await page.getByRole("button", { name: "Create session" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "The session was not created" });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Number of points: must be a whole number from 10 to 1000/);
    expect(await page.getByLabel("Number of points").getAttribute("aria-invalid")).toBe("true");
    await expectPhoneLayout(page);
    await alert.scrollIntoViewIfNeeded();
    await shot(page, "home-form-error.png");

    expect(errors).toEqual([]); // what follows runs on /host, another engineer's page
    await page.getByLabel("Number of points").fill("150");
    await page.getByRole("button", { name: "Create session" }).click();
    await page.waitForURL(/\/host\/[A-Za-z0-9_-]{10,64}$/);
    const sessionId = new URL(page.url()).pathname.split("/").at(-1)!;
    expect(page.url()).not.toContain("token");
    const records = await page.evaluate(() => JSON.parse(localStorage.getItem("backprop-live:host-sessions") ?? "[]") as unknown[]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      sessionId,
      hostToken: expect.stringMatching(/^[A-Za-z0-9_-]{20,128}$/),
      joinCode: expect.stringMatching(/^[A-Z2-9]{6}$/),
      scenario: "classification",
      title: "Classification: spiral",
      createdAt: expect.any(Number),
    });

    // The session really has what the form said.
    const record = records[0] as { sessionId: string; hostToken: string; joinCode: string };
    const host = await attachHost(server.url, { ...record } as CreateSessionResponse);
    try {
      const { config, rules } = host.views.latest!.session;
      expect(config).toMatchObject({ scenario: "classification", dataset: "spiral", numPoints: 150, loss: "bce" });
      expect(config.scenario === "classification" && config.hiddenLayers.length).toBe(3);
      expect(rules).toMatchObject({ speedBonus: true, hideNicknames: false });
      expect(rules.profanityFilter).toBe(false);
    } finally {
      host.socket.close();
    }

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(server.url + "/");
    await page.getByText("Join a session").first().scrollIntoViewIfNeeded();
    await shot(page, "home-projector-actions.png");
    await page.close();
  });
});
