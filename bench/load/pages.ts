/**
 * Where bench/load.ts runs the server from.
 *
 * The server serves its pages with Next in production mode, so it needs a production build (.next) beside it. Pages
 * play no part in what the bench measures (Socket.IO and the database), but a missing build stops the server, and
 * rebuilding the project's own .next from a bench is a bad idea while pages are being edited: a failed `next build`
 * deletes the previous build that everybody else uses.
 *
 *  - "project": run server/index.ts in the repository, with its own build (built first only if there is none).
 *  - "snapshot" (default): copy server/, lib/ and prisma/ (the code that is measured, exactly as it is now) into a temporary
 *    directory with a one-page placeholder app, build that (a few seconds) and run the server from there. Nothing in
 *    the repository is touched and later edits cannot change the server mid-run.
 *  - "auto": "project" when its build exists and is up to date, else "snapshot".
 * The default is "snapshot": while other people edit and rebuild the repository, a server running from it can find
 * its .next deleted under it (at the restart, say), or restart with different code than it started with.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIsStale } from "../../scripts/ensure-build.mjs";
import { registerTempDir, ROOT } from "./children";

export type PagesMode = "auto" | "project" | "snapshot";
export type ServerRoot = { dir: string; description: string };

const STUB_FILES: Record<string, string> = {
  "next.config.js": `/** Placeholder pages for bench/load.ts; see bench/load/pages.ts. */
export default {
  reactStrictMode: true,
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true },
  // node_modules is a symlink to the repository's: let Turbopack resolve outside this directory.
  turbopack: { root: "/" },
  outputFileTracingRoot: "/",
};
`,
  "app/layout.tsx": `export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  "app/page.tsx": `export default function Page() {
  return <p>Backprop Live load bench (placeholder page)</p>;
}
`,
};

function build(dir: string): void {
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    throw new Error(`next build of ${dir} failed (exit ${result.status}):\n${(result.stdout ?? "") + (result.stderr ?? "")}`.slice(-4000));
  }
}

function snapshot(): ServerRoot {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-load-root-"));
  registerTempDir(dir);
  for (const name of ["server", "lib", "prisma"]) fs.cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
  for (const name of ["package.json", "tsconfig.json"]) fs.copyFileSync(path.join(ROOT, name), path.join(dir, name));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const [file, text] of Object.entries(STUB_FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const started = performance.now();
  build(dir);
  return {
    dir,
    description: `snapshot of server/, lib/, prisma/ in ${dir} with placeholder pages (built in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  };
}

export function prepareServerRoot(mode: PagesMode): ServerRoot {
  const hasBuild = fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"));
  if (mode === "project" || (mode === "auto" && hasBuild && !buildIsStale())) {
    if (!hasBuild) build(ROOT);
    return { dir: ROOT, description: `the repository (${ROOT}) with its own production build` };
  }
  return snapshot();
}
