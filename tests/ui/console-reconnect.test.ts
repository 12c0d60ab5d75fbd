import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import type { CreateSessionResponse } from "@/lib/protocol";
import { browserSkipReason } from "../helpers/browser";
import { spawnServer, type ChildServer } from "../helpers/child-server";
import { openHostConsole, useBrowser, useTempDataDir } from "../helpers/fixtures";
import { attachHost, createSession } from "../helpers/lesson";

/** How long a page may take to be back once the restarted server listens (back-off tops out at ~10 s). */
const BACK_WITHIN_MS = 15_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A graceful restart (SIGTERM: the server disconnects every socket with "io server disconnect", which Socket.IO does
 * not retry by itself) must not leave the projector offline: the console and the phones share the connection keeper
 * and come back by themselves when the server does, on the same port and data.
 */
describe.skipIf(!!browserSkipReason)("console and phone after a graceful server restart", () => {
  const dataDir = useTempDataDir();
  const browser = useBrowser();
  let server: ChildServer | undefined;
  let port: number;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await server?.stop("SIGKILL");
  });

  // A first start initialises the embedded database; on a busy 2-core machine that alone can take most of a minute.
  const start = () => spawnServer({ PORT: String(port), DATA_DIR: dataDir.path }, 150_000);

  async function openConsole(url: string, created: CreateSessionResponse) {
    const { page, context } = await openHostConsole(browser.browser, url, created, { viewport: { width: 1600, height: 900 } });
    contexts.push(context);
    return page;
  }

  // Two server start-ups (Next and the embedded database each time) on a shared 2-core machine.
  it("reconnects the console and the phone, which then run commands and get pushes again", { timeout: 400_000 }, async () => {
    const t0 = Date.now();
    const mark = (what: string) => console.info(`console-reconnect: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    server = await start();
    const url = server.url;
    const created = await createSession(url);

    const host = await openConsole(url, created);
    const badge = host.getByRole("status").filter({ hasText: /^(Connected|Connecting…|Reconnecting…|Offline)$/ });
    await badge.filter({ hasText: "Connected" }).waitFor();

    const phoneContext = await browser.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(phoneContext);
    const phone = await phoneContext.newPage();
    await phone.goto(`${url}/play/${created.joinCode}`);
    await phone.getByLabel("Your nickname").fill("Ada");
    await phone.getByRole("button", { name: "Join the game" }).click();
    await phone.getByRole("heading", { name: "You're in, Ada!" }).waitFor();
    await host.getByTestId("players-list").getByRole("listitem").first().waitFor();

    mark("console and phone attached");
    // Graceful stop: both pages notice.
    expect(await server.stop("SIGTERM")).toBe(0);
    server = undefined;
    await badge.filter({ hasText: /Reconnecting…|Offline/ }).waitFor();
    await phone.getByRole("status").filter({ hasText: /Reconnecting…|Offline/ }).waitFor();

    mark("stopped; both pages show it");
    // Same port, same data: a restarted server, not a new one.
    server = await start();
    mark("restarted server listening");
    expect(server.url).toBe(url);
    const listening = Date.now();
    await badge.filter({ hasText: "Connected" }).waitFor({ timeout: BACK_WITHIN_MS });
    await phone.getByRole("status").filter({ hasText: "Connected" }).waitFor({ timeout: BACK_WITHIN_MS });
    const back = Date.now() - listening;
    mark(`both pages connected again, ${back} ms after the server listened`);

    // The console is attached again (not just connected): its commands go through.
    await host.getByRole("button", { name: "Lock joining" }).click();
    await host.getByRole("button", { name: "Unlock joining" }).waitFor();
    // And the phone is its player again: the instructor's next move reaches it.
    await host.getByRole("button", { name: "Open round 1" }).click();
    await phone.getByRole("heading", { name: "Round 1" }).waitFor();
    await phone.getByRole("slider", { name: "Your learning rate α" }).waitFor();
    expect(back).toBeLessThan(BACK_WITHIN_MS);
  });

  it("loads a replay by itself once the server answers again, without a click", { timeout: 200_000 }, async () => {
    server ??= await start();
    const url = server.url;
    // Ended, so its log is public whatever the rules for live sessions are.
    const created = await createSession(url);
    const host = await attachHost(url, created);
    expect(await host.send("session:end")).toMatchObject({ ok: true });
    host.socket.close();
    const sessionId = created.sessionId;

    const context = await browser.browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    // The server restarting while the page loads: the log request finds nobody, twice, then the server is back.
    let refused = 0;
    await context.route(`**/api/replays/${sessionId}`, (route) => (refused < 2 ? (refused++, route.abort("connectionrefused")) : route.continue()));
    const page = await context.newPage();
    await page.goto(`${url}/replay/${sessionId}`);
    await page.getByRole("heading", { name: "The replay could not be loaded" }).waitFor();
    await page.locator("[data-replay-ready]").waitFor({ timeout: BACK_WITHIN_MS });
    expect(refused).toBe(2);
  });
});
