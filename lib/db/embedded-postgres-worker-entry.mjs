// Worker entry: the embedded PostgreSQL's thread is TypeScript, so load it through tsx's API (as the scoring worker's
// entry does: an `--import tsx` in execArgv is not honoured when the parent runs inside another loader, as under vitest).
import { tsImport } from "tsx/esm/api";

await tsImport("./embedded-postgres-worker.ts", import.meta.url);
