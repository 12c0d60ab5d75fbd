import { describe, expect, it } from "vitest";
import { artifactPath, browserSkipReason } from "../helpers/browser";
import { useBrowser, useTestServer } from "../helpers/fixtures";

describe.skipIf(!!browserSkipReason)("home page in a phone-sized browser", () => {
  const server = useTestServer({ pages: true });
  const browser = useBrowser();

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

    await page.screenshot({ path: artifactPath("home-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: artifactPath("home-projector.png") });
    expect(errors).toEqual([]);
  });
});
