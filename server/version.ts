import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The product version, from package.json, read once. */
export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { version: string }
).version;
