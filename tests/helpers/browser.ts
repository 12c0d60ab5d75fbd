import { existsSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Path of a Chromium to drive, or undefined (browser tests then print why they were skipped). */
export const chromiumPath: string | undefined = candidates.find((p): p is string => !!p && existsSync(p));

export const browserSkipReason = chromiumPath
  ? undefined
  : "SKIPPED browser tests: no Chromium found (install Debian's `chromium` or set CHROMIUM_PATH)";

if (browserSkipReason) console.warn(browserSkipReason);

/**
 * Headless Chromium; Playwright gives every launch a fresh temporary profile. The flags keep it from reaching for
 * the (closed) network.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!chromiumPath) throw new Error(browserSkipReason);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** Screenshots go under test-artifacts/ (git-ignored) so a person can look at what the tests saw. */
export function artifactPath(name: string): string {
  return path.resolve("test-artifacts", name);
}
