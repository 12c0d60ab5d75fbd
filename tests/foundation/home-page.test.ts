import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "@/server/app-server";
import { artifactPath, browserSkipReason, launchBrowser } from "../helpers/browser";
import { createTempDataDir } from "../helpers/database";
import { startTestServer } from "../helpers/server";

describe.skipIf(!!browserSkipReason)("home page in a phone-sized browser", () => {
  let server: RunningServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let dataDir: { path: string; remove(): Promise<void> };

  beforeAll(async () => {
    dataDir = await createTempDataDir();
    server = await startTestServer({ dataDir: dataDir.path, pages: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dataDir?.remove();
  });

  it("says what the product is, fits a 360×640 screen, and has no console errors", async () => {
    const page = await browser.browser.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 });
    const errors: string[] = [];
    page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
    page.on("pageerror", (err) => errors.push(err.message));

    const response = await page.goto(server.url + "/");
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe("Backprop Live");
    const heading = page.getByRole("heading", { level: 1 });
    expect(await heading.textContent()).toMatch(/neural network learn/i);
    for (const idea of ["Forward pass", "Cost J", "Backpropagation", "Gradient descent"]) {
      expect(await page.getByRole("heading", { name: idea }).isVisible()).toBe(true);
    }
    // Readable on a phone: no horizontal scrolling, body text at least 16 px.
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      paragraphPx: parseFloat(getComputedStyle(document.querySelector("main p:not(:first-child)")!).fontSize),
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.paragraphPx).toBeGreaterThanOrEqual(16);

    mkdirSync(artifactPath(""), { recursive: true });
    await page.screenshot({ path: artifactPath("home-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: artifactPath("home-projector.png") });
    expect(errors).toEqual([]);
  });
});
