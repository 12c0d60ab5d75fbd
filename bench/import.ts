/**
 * Import under load: builds the largest import the default caps allow (a genuine classification lesson, 500 students
 * and ~58 rounds: just under IMPORT_MAX_BYTES), then imports it into a real server while a live session's student
 * keeps changing their guess and /api/health is polled. Prints the import's time, /api/health and guess latencies
 * (p50 / p99 / max) during it, and the longest event-loop stall of the server process.
 * Run: npx tsx bench/import.ts [-- --students 500 --rounds 58]
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { DEFAULT_LIMITS } from "@/server/limits";
import { attachHost, createSession, joinStudent } from "../tests/helpers/lesson";
import { lessonLogBytes } from "../tests/helpers/lesson-log";
import { startTestServer } from "../tests/helpers/server";

const { values } = parseArgs({ options: { students: { type: "string", default: "500" }, rounds: { type: "string", default: "58" } } });

const ms = (t: number) => `${t.toFixed(0)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
const line = (name: string, xs: number[]) =>
  console.log(`${name.padEnd(28)} n=${xs.length}  p50 ${ms(pct(xs, 50))}  p99 ${ms(pct(xs, 99))}  max ${ms(Math.max(...xs))}`);

async function main(): Promise<void> {
  const g0 = performance.now();
  // Made in a child process, so this process (which is also the server) holds only the bytes.
  const body = lessonLogBytes({ students: Number(values.students), rounds: Number(values.rounds) });
  const eventCount = body.toString("latin1").split('"seq":').length - 1;
  console.log(
    `Import bench — ${eventCount} events, ${(body.length / 1048576).toFixed(2)} MB ` +
      `(caps: ${DEFAULT_LIMITS.importMaxEvents} events, ${(DEFAULT_LIMITS.importMaxBytes / 1048576).toFixed(0)} MB; generated in ${ms(performance.now() - g0)})`,
  );
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bl-bench-import-"));
  const server = await startTestServer({
    dataDir,
    databaseUrl: process.env.DATABASE_URL,
    // The default 20 s budget is for a server with its cores to itself; a shared machine may need longer to measure.
    limits: { importFoldMs: Number(process.env.IMPORT_FOLD_MS ?? DEFAULT_LIMITS.importFoldMs) },
  });
  try {
    const created = await createSession(server.url);
    const host = await attachHost(server.url, created);
    const student = await joinStudent(server.url, created.joinCode, "Live Student");
    await host.send("round:open", {});
    await fetch(`${server.url}/api/health`);

    /** Polls /api/health (every 20 ms) and changes the live student's guess (every 250 ms) until `until` settles. */
    const measure = async <T>(label: string, until: Promise<T>) => {
      const loop = monitorEventLoopDelay({ resolution: 5 });
      const health: number[] = [];
      const guesses: number[] = [];
      const stalls: number[] = [];
      let done = false;
      void until.finally(() => (done = true));
      let lastTick = performance.now();
      const stallTimer = setInterval(() => {
        const now = performance.now();
        if (now - lastTick > 100) stalls.push(now - lastTick);
        lastTick = now;
      }, 5);
      loop.enable();
      const pollHealth = (async () => {
        while (!done) {
          const t = performance.now();
          await fetch(`${server.url}/api/health`);
          health.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const pollGuesses = (async () => {
        // A new round for each phase keeps the student within the per-round guess limit.
        await host.send("round:close");
        await host.send("round:reveal");
        await host.send("round:open", {});
        for (let i = 0; !done && i < 55; i++) {
          const t = performance.now();
          const ack = await student.send("guess:submit", { alpha: 0.01 + i / 1000 });
          if (!ack.ok) throw new Error(`guess refused: ${ack.code}`);
          guesses.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 250));
        }
      })();
      const result = await until;
      loop.disable();
      clearInterval(stallTimer);
      await Promise.all([pollHealth, pollGuesses]);
      console.log(`— ${label}`);
      line("  /api/health", health);
      line("  guess ack", guesses);
      console.log(`  event-loop delay            p50 ${(loop.percentile(50) / 1e6).toFixed(0)} ms  p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms  max ${(loop.max / 1e6).toFixed(0)} ms`);
      console.log(`  event-loop stalls > 100 ms  ${stalls.length ? stalls.map((x) => x.toFixed(0)).join(", ") + " ms" : "none"}`);
      return result;
    };

    // The same polling with nothing else going on: on a shared machine the figures above mean little without it.
    await measure("baseline, no import (5 s)", new Promise((r) => setTimeout(r, 5000)));
    const i0 = performance.now();
    const response = await measure(
      "during the import",
      fetch(`${server.url}/api/replays`, { method: "POST", headers: { "content-type": "application/json" }, body: new Uint8Array(body) }),
    );
    const importMs = performance.now() - i0;
    if (response.status !== 201) throw new Error(`import failed: ${response.status} ${await response.text()}`);
    const { sessionId } = (await response.json()) as { sessionId: string };
    console.log(`import (check + fold + store) ${ms(importMs)}`);

    const r0 = performance.now();
    const replay = await measure("first replay GET of the import", fetch(`${server.url}/api/replays/${sessionId}`).then((r) => r.arrayBuffer()));
    console.log(`first replay GET (render + gzip) ${ms(performance.now() - r0)}, ${(replay.byteLength / 1048576).toFixed(2)} MB`);
    host.socket.close();
    student.socket.close();
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
