import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/**
 * lib/engine (with the lesson driver) bundled by esbuild into one IIFE script that defines `CrossRuntime`, for
 * runtimes that cannot import TypeScript: QuickJS and a browser page. Target ES2020 so QuickJS parses everything.
 */
export async function bundleEngineDriver(): Promise<string> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const result = await build({
    stdin: {
      contents: 'export { LESSONS, traceLessons } from "./tests/cross-runtime/lesson-driver";',
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    write: false,
    format: "iife",
    globalName: "CrossRuntime",
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2020",
    tsconfig: path.join(root, "tsconfig.json"),
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}
