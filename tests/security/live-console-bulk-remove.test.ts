import { afterAll, describe, expect, it } from "vitest";
import { artifactPath, browserSkipReason } from "../helpers/browser";
import { openHostConsole, useBrowser, useTestServer } from "../helpers/fixtures";
import { createSession, joinStudent, type Student } from "../helpers/lesson";

const PROJECTOR = { width: 1920, height: 1080 };
const REAL = 5;
const JUNK = 400;

describe.skipIf(!!browserSkipReason)("removing a wave of junk joins from the console", () => {
  // The junk joins come from this one test address within seconds, faster than the default flood limits allow.
  const server = useTestServer({ pages: true, limits: { joinsPerAddressPerMinute: 6000, connectionsPerAddressPerMinute: 6000 } });
  const browser = useBrowser();
  const students: Student[] = [];

  afterAll(async () => {
    for (const s of students) s.socket.close();
  });

  it("selects by shift-click and 'everyone who joined after', then removes them all in one confirmed action", async () => {
    const created = await createSession(server.url, { config: { scenario: "one-weight", seed: 5 } });
    for (let i = 0; i < REAL; i++) students.push(await joinStudent(server.url, created.joinCode, `real ${i}`));
    for (let start = 0; start < JUNK; start += 50)
      students.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => joinStudent(server.url, created.joinCode, `junk ${start + i}`)))));

    const { page, context, errors } = await openHostConsole(browser.browser, server.url, created, { viewport: PROJECTOR, deviceScaleFactor: 1 });
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
