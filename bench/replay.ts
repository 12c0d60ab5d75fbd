/**
 * Replay opening time: plays a 300-step, 50-round lesson with 200 students through a real server, then measures the
 * replay data (bytes raw and gzipped, fetch time), folding it in Node, and — when Chromium is available — how long
 * /replay/<id> takes in a headless browser until the first picture is drawn (the page marks it with
 * data-replay-ready). Run: npm run bench:replay [-- --students 200 --rounds 50]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { get } from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { io, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import { foldEvents, type SessionLogFile } from "@/lib/session";
import { chromiumPath, launchBrowser } from "../tests/helpers/browser";
import { startTestServer } from "../tests/helpers/server";
import { ensureBuild } from "../scripts/ensure-build.mjs";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "200" },
    rounds: { type: "string", default: "50" },
    "no-browser": { type: "boolean", default: false },
  },
});
const STUDENTS = Number(values.students);
const ROUNDS = Number(values.rounds);
const STEPS_PER_ROUND = 6; // 1 policy step + a run of 5 → 300 steps for 50 rounds

type Ack = { ok: boolean; code?: string; message?: string } & Record<string, unknown>;

function connect(url: string): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, auth: { protocolVersion: PROTOCOL_VERSION } });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

/** Sends a command; a scripted host is faster than the per-connection rate limit allows, so it backs off. */
async function send(socket: Socket, event: string, payload: unknown = {}): Promise<Ack> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const ack = (await socket.timeout(30_000).emitWithAck(event, payload)) as Ack;
    if (ack.ok) return ack;
    if (ack.code !== "RATE_LIMITED") throw new Error(`${event} failed: ${ack.code} ${ack.message}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${event}: still rate-limited after 50 tries`);
}

const ms = (t: number) => `${t.toFixed(0)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

async function main(): Promise<void> {
  const browserWanted = !values["no-browser"];
  if (browserWanted) ensureBuild({ quiet: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "bl-bench-replay-"));
  const server = await startTestServer({ dataDir, pages: browserWanted });
  const sockets: Socket[] = [];
  try {
    const t0 = performance.now();
    const created = (await (await fetch(`${server.url}/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ config: { scenario: "classification", dataset: "circle", seed: 5 } }),
    })).json()) as { sessionId: string; hostToken: string; joinCode: string };
    const host = await connect(server.url);
    sockets.push(host);
    await send(host, "host:attach", { sessionId: created.sessionId, hostToken: created.hostToken });
    const students: Socket[] = [];
    for (let i = 0; i < STUDENTS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, STUDENTS - i) }, async (_, j) => {
          const s = await connect(server.url);
          await send(s, "player:join", { code: created.joinCode, nickname: `student ${i + j + 1}` });
          return s;
        }),
      );
      students.push(...batch);
    }
    sockets.push(...students);
    for (let r = 0; r < ROUNDS; r++) {
      await send(host, "round:open", { k: 1 });
      await Promise.all(students.map((s, i) => send(s, "guess:submit", { alpha: Number((10 ** (-3 + ((i * 7 + r * 13) % 40) / 10)).toPrecision(2)) })));
      await send(host, "round:close");
      await send(host, "round:reveal");
      await send(host, "network:step", { policy: "median" });
      await send(host, "network:run", { alpha: 0.3, steps: STEPS_PER_ROUND - 1 });
    }
    await send(host, "session:end");
    const playMs = performance.now() - t0;

    // node:http rather than fetch: fetch would decompress and hide the bytes actually sent.
    const f0 = performance.now();
    const { body: gz, encoding } = await new Promise<{ body: Buffer; encoding: string | undefined }>((resolve, reject) => {
      get(`${server.url}/api/replays/${created.sessionId}`, { headers: { "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ body: Buffer.concat(chunks), encoding: res.headers["content-encoding"] }));
      }).on("error", reject);
    });
    const fetchMs = performance.now() - f0;
    const text = (encoding === "gzip" ? gunzipSync(gz) : gz).toString("utf8");
    const p0 = performance.now();
    const file = JSON.parse(text) as SessionLogFile;
    const parseMs = performance.now() - p0;
    const fo = performance.now();
    const state = foldEvents(file.events);
    const foldMs = performance.now() - fo;

    console.log(`Replay bench — ${STUDENTS} students, ${ROUNDS} rounds, ${state.stepsTotal} steps, ${file.events.length} events (played in ${ms(playMs)})`);
    console.log(`replay data                  ${kb(text.length)} raw, ${kb(gz.length)} sent${encoding === "gzip" ? " (gzip)" : ""}`);
    console.log(`fetch (server, loopback)     ${ms(fetchMs)}`);
    console.log(`JSON.parse in Node           ${ms(parseMs)}`);
    console.log(`fold whole log in Node       ${ms(foldMs)}  (integrity issues: ${state.integrity.length})`);

    if (!browserWanted) return;
    if (!chromiumPath) {
      console.log("browser: SKIPPED (no Chromium; install Debian's chromium or set CHROMIUM_PATH)");
      return;
    }
    const browser = await launchBrowser();
    try {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const page = await browser.browser.newPage({ viewport: { width: 1920, height: 1080 } });
        const start = performance.now();
        await page.goto(`${server.url}/replay/${created.sessionId}`);
        await page.waitForSelector("[data-replay-ready]", { timeout: 30_000 });
        times.push(performance.now() - start);
        await page.close();
      }
      times.sort((a, b) => a - b);
      const median = times[2];
      console.log(`open /replay in Chromium     median ${ms(median)} of 5 (min ${ms(times[0])}, max ${ms(times[4])}) — navigation to first picture`);
      console.log(`${median < 1000 ? "PASS" : "FAIL"}: replay opens in under 1 s`);
      if (median >= 1000) process.exitCode = 1;
    } finally {
      await browser.close();
    }
  } finally {
    for (const s of sockets) s.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
