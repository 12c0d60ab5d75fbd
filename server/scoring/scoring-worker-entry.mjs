// Worker entry: the scoring worker is TypeScript, so load it through tsx's API. (An `--import tsx` in the worker's
// execArgv is not honoured when the parent itself runs inside another loader, as under vitest.)
import { tsImport } from "tsx/esm/api";

await tsImport("./scoring-worker.ts", import.meta.url);
