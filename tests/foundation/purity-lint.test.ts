import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The pure layers stay pure because lint says so: a probe file placed in lib/engine, lib/session or lib/protocol that
 * reaches the database, the process, Node or the clock must fail `npm run lint` with the rule that guards it.
 */
const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const eslint = new ESLint({ cwd: PROJECT_DIR });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe("lint keeps lib/engine, lib/session and lib/protocol pure", () => {
  it.each([
    ["lib/engine/probe.ts", 'import { EventStore } from "@/lib/db/event-store";\nexport const x = EventStore;\n'],
    ["lib/engine/probe.ts", 'import { startServer } from "@/server/app-server";\nexport const x = startServer;\n'],
    ["lib/session/probe.ts", 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n'],
    ["lib/protocol/probe.ts", 'import path from "path";\nexport const x = path;\n'],
    ["lib/session/probe.ts", 'import { PrismaClient } from "@prisma/client";\nexport const x = PrismaClient;\n'],
  ])("refuses an import of the outside world in %s", async (file, code) => {
    expect(await ruleIds(file, code)).toContain("no-restricted-imports");
  });

  it.each([
    ["lib/engine/probe.ts", "export const t = Date.now();\n", "no-restricted-properties"],
    ["lib/session/probe.ts", "export const r = Math.random();\n", "no-restricted-properties"],
    ["lib/session/probe.ts", "export const t = performance.now();\n", "no-restricted-properties"],
    ["lib/engine/probe.ts", "export const id = crypto.randomUUID();\n", "no-restricted-properties"],
    ["lib/session/probe.ts", "export const d = new Date();\n", "no-restricted-syntax"],
  ])("refuses the clock and chance in %s: %s", async (file, code, rule) => {
    expect(await ruleIds(file, code)).toContain(rule);
  });

  it("allows the same code in server/ and plain pure code in lib/", async () => {
    expect(await ruleIds("server/probe.ts", "export const t = Date.now();\n")).toEqual([]);
    expect(await ruleIds("lib/session/probe.ts", 'import { z } from "zod";\nexport const s = z.string();\n')).toEqual([]);
  });
});
