// The server's Node flags (scripts/server-node-flags.mjs) reach a process started through spawnTsChild with nodeArgs,
// as bench:load and bench:cluster start the server (scripts/start.mjs passes the same list for `npm start`).
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "../../scripts/server-node-flags.mjs";
import { spawnTsChild } from "../../bench/load/children";

describe("the server's Node flags", () => {
  it("include a 32 MB young generation", () => {
    expect(SERVER_NODE_FLAGS).toContain("--max-semi-space-size=32");
  });

  it("are passed to a child started with nodeArgs, before its script", async () => {
    const child = await spawnTsChild("flags probe", "tests/bench/fixtures/print-node-flags.ts", { ...process.env }, { timeoutMs: 30_000, nodeArgs: SERVER_NODE_FLAGS });
    try {
      const flags = JSON.parse(/flags=(\[.*\])/.exec(child.output())![1]) as string[];
      for (const flag of SERVER_NODE_FLAGS) expect(flags).toContain(flag);
    } finally {
      await child.stop("SIGKILL");
    }
  });
});
