import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSkipReason } from "../helpers/browser";
import { openHostConsole, openPage, useBrowser, useTestServer } from "../helpers/fixtures";
import { createSession } from "../helpers/lesson";

/**
 * The pages put the session's join code in every Socket.IO request as `room=<CODE>` (the handshake, each long-poll,
 * the WebSocket upgrade), which is what deploy/haproxy.cfg hashes on to keep a session's sockets on one node.
 */
describe.skipIf(!!browserSkipReason)("the pages' Socket.IO affinity key", () => {
  const server = useTestServer({ pages: true });
  const chromium = useBrowser();
  const viewport = { width: 400, height: 800 };

  /** Every Socket.IO URL the page asks for, from the moment it opens. */
  function socketUrls(page: Page): string[] {
    const urls: string[] = [];
    page.on("request", (r) => r.url().includes("/socket.io/") && urls.push(r.url()));
    page.on("websocket", (ws) => urls.push(ws.url()));
    return urls;
  }
  const rooms = (urls: string[]) => urls.map((u) => new URL(u).searchParams.get("room"));

  it("the phone sends its join code", async () => {
    const created = await createSession(server.url);
    const { page, context } = await openPage(chromium.browser, "about:blank", { viewport });
    const urls = socketUrls(page);
    await page.goto(`${server.url}/play/${created.joinCode}`);
    await page.getByLabel("Your nickname").waitFor(); // the nickname step: session:lookup answered
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.some((u) => u.startsWith("ws"))).toBe(true);
    expect(rooms(urls)).toEqual(urls.map(() => created.joinCode));
    await context.close();
  });

  it("the console sends its session's join code", async () => {
    const created = await createSession(server.url);
    const { page, context } = await openHostConsole(chromium.browser, server.url, created, { viewport: { width: 1280, height: 800 } });
    const urls = socketUrls(page);
    await page.reload(); // listen from the first request on
    await page.getByTestId("join-code").waitFor(); // attached: the view shows the code
    expect(urls.length).toBeGreaterThan(0);
    expect(rooms(urls)).toEqual(urls.map(() => created.joinCode));
    await context.close();
  });
});
