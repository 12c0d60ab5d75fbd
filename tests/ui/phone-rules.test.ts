import type { BrowserContext } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { artifactPath, browserSkipReason } from "../helpers/browser";
import { useBrowser, useClass, useTestServer } from "../helpers/fixtures";
import { joinStudent } from "../helpers/lesson";

describe.skipIf(!!browserSkipReason)("the phone knows the session's rules and who has locked in", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();
  const lesson = useClass(server, {
    session: { config: { scenario: "one-weight", seed: 5 }, rules: { speedBonus: true, hideNicknames: true } },
    nicknames: ["Grace", "Alan"],
  });
  let context: BrowserContext | undefined;

  afterAll(async () => {
    await context?.close().catch(() => undefined);
  });

  it("explains refused names, shows the rules in the lobby and keeps the locked-in count current", { timeout: 90_000 }, async () => {
    const { created, host, students } = lesson;
    context = await browser.browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${server.url}/play/${created.joinCode}`);
    const nickname = page.getByLabel("Your nickname");
    const join = page.getByRole("button", { name: "Join the game" });

    // Checked on the phone: a blank-looking name never reaches the server.
    await nickname.fill("\u3164");
    await join.click();
    await page.getByText("That name would be invisible on the projector — pick another.").waitFor();
    // Refused by the server: a look-alike of a taken name, then a profane one.
    await nickname.fill("Gr\u0430ce");
    await join.click();
    await page.getByText("is already taken in this session").waitFor();
    await nickname.fill("fuck");
    await join.click();
    await page.getByText("That name isn't allowed here — pick another").waitFor();
    await page.screenshot({ path: artifactPath("phone-nickname-not-allowed.png") });

    await nickname.fill("Ada 👩‍💻");
    expect(await page.getByText("5/24").count()).toBe(1);
    await join.click();
    await page.getByRole("heading", { name: "You're in, Ada 👩‍💻!" }).waitFor();
    await page.getByText("Speed bonus on: faster answers earn up to 200 extra points.").waitFor();
    await page.getByText("Your name is hidden on the projector: the class sees a pseudonym.").waitFor();
    await page.screenshot({ path: artifactPath("phone-lobby-rules.png") });

    expect(await host.send("round:open", { k: 2 })).toMatchObject({ ok: true });
    await page.getByText("0 of 3 locked in · speed bonus up to +200").waitFor();
    // Grace locks in; the phone learns of it with the next public change (here: a fourth student joining).
    expect(await students[0].send("guess:submit", { alpha: 0.05 })).toMatchObject({ ok: true });
    students.push(await joinStudent(server.url, created.joinCode, "Edsger"));
    await page.getByText("1 of 4 locked in", { exact: false }).waitFor();
    // This phone's own guess counts at once, without waiting for a view.
    await page.getByRole("button", { name: /^Lock in α = / }).tap();
    await page.getByText(/^Locked in: /).first().waitFor();
    await page.getByText("2 of 4 locked in · speed bonus up to +200").waitFor();
    const layout = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(layout.scroll).toBeLessThanOrEqual(layout.client);
    await page.screenshot({ path: artifactPath("phone-round-locked-in-count.png") });
    expect(errors).toEqual([]);
  });
});
