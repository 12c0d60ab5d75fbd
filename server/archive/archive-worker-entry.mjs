// Worker entry: the archive worker is TypeScript, so load it through tsx's API (as scoring-worker-entry.mjs does).
import { tsImport } from "tsx/esm/api";

await tsImport("./archive-worker.ts", import.meta.url);
