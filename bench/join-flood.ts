/**
 * Join-flood figures with the default limits (server/limits.ts), all clients from one address (127.0.0.1), as a
 * lecture hall behind one NAT or a script on one machine would be:
 *   1. 10 sockets each trying to create 100 players (the 1,000-player flood) → how many got in, how long;
 *   2. a script opening a new socket per junk join for 6 s → how many got in;
 *   3. the host removes the wave in one bulk command, then a real student joins;
 *   4. 1,000 honest phones joining (100 at a time, retrying a refused join a second later) → time until all are in.
 * Usage: npx tsx bench/join-flood.ts   (about two minutes: it waits out the one-minute join window between steps)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION, type CreateSessionResponse } from "@/lib/protocol";
import { startServer } from "@/server/app-server";
import { DEFAULT_LIMITS } from "@/server/limits";
import { createLogger } from "@/server/logger";

type Ack = { ok: boolean; code?: string; playerId?: string };

function connect(url: string): Promise<Socket | null> {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, auth: { protocolVersion: PROTOCOL_VERSION } });
  return new Promise((resolve) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", () => {
      socket.close();
      resolve(null);
    });
  });
}
const send = (socket: Socket, event: string, payload: unknown) => socket.timeout(20_000).emitWithAck(event, payload) as Promise<Ack>;

async function newSession(url: string) {
  const response = await fetch(`${url}/api/sessions`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const created = (await response.json()) as CreateSessionResponse;
  const host = (await connect(url))!;
  await send(host, "host:attach", { sessionId: created.sessionId, hostToken: created.hostToken });
  return { created, host };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-join-flood-"));
  const server = await startServer({
    port: 0,
    host: "127.0.0.1",
    dev: false,
    pages: false,
    publicUrl: undefined,
    dataDir,
    databaseUrl: undefined,
    maxPlayers: 1000,
    retentionDays: undefined,
    log: createLogger("warn"),
  });
  const sockets: Socket[] = [];
  const codes = (acks: Ack[]) => Object.entries(acks.reduce<Record<string, number>>((m, a) => ((m[a.ok ? "ok" : a.code!] = (m[a.ok ? "ok" : a.code!] ?? 0) + 1), m), {}));
  try {
    console.log("limits:", JSON.stringify(DEFAULT_LIMITS));

    // 1. Ten sockets, a hundred joins each.
    const flood = await newSession(server.url);
    let t = performance.now();
    const ten = (await Promise.all(Array.from({ length: 10 }, () => connect(server.url)))).filter((s): s is Socket => s !== null);
    sockets.push(...ten);
    const floodAcks = (
      await Promise.all(ten.map(async (s, i) => {
        const acks: Ack[] = [];
        for (let n = 0; n < 100; n++) acks.push(await send(s, "player:join", { code: flood.created.joinCode, nickname: `junk ${i}-${n}` }));
        return acks;
      }))
    ).flat();
    console.log(`1. 10 sockets × 100 joins: ${floodAcks.filter((a) => a.ok).length} players created in ${Math.round(performance.now() - t)} ms;`, codes(floodAcks));

    // 2. A new socket per junk join, for 6 s.
    t = performance.now();
    const wave: Ack[] = [];
    let refusedConnections = 0;
    while (performance.now() - t < 6000) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => connect(server.url)));
      const open = batch.filter((s): s is Socket => s !== null);
      refusedConnections += batch.length - open.length;
      sockets.push(...open);
      wave.push(...(await Promise.all(open.map((s, i) => send(s, "player:join", { code: flood.created.joinCode, nickname: `wave ${wave.length + i}` })))));
    }
    const joined = wave.filter((a) => a.ok);
    console.log(
      `2. new socket per join for 6 s: ${joined.length} players created from ${wave.length} joins (${refusedConnections} connections refused);`,
      codes(wave),
    );

    // 3. One bulk removal, then a real student.
    const ids = [...floodAcks, ...wave].filter((a) => a.ok).map((a) => a.playerId!);
    t = performance.now();
    let removed = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const ack = (await send(flood.host, "player:kick", { playerIds: ids.slice(i, i + 500) })) as Ack & { removed?: number };
      removed += ack.removed ?? 0;
    }
    console.log(`3. host removed ${removed} players in ${Math.round(performance.now() - t)} ms (${Math.ceil(ids.length / 500)} commands)`);
    for (const s of sockets.splice(0)) s.close();
    // A real student on the flooder's address (one NAT) tries once a second until the flood's burst window passes.
    const waitStarted = performance.now();
    let real: Ack = { ok: false, code: "UNAVAILABLE", message: "not tried" } as Ack;
    for (let attempt = 0; attempt < 70 && !real.ok; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 1000));
      const student = await connect(server.url);
      if (!student) continue;
      sockets.push(student);
      real = await send(student, "player:join", { code: flood.created.joinCode, nickname: "real student" });
    }
    console.log(
      `   a real student on the same address then joins: ${real.ok ? "ok" : real.code} after ${((performance.now() - waitStarted) / 1000).toFixed(1)} s`,
    );
    for (const s of sockets.splice(0)) s.close();
    await new Promise((r) => setTimeout(r, 61_000)); // the flood's one-minute join window must pass first

    // 4. 1,000 honest phones from one address.
    const hall = await newSession(server.url);
    t = performance.now();
    let retries = 0;
    for (let start = 0; start < 1000; start += 100) {
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          for (;;) {
            const socket = await connect(server.url);
            if (!socket) {
              retries++;
              await new Promise((r) => setTimeout(r, 1000));
              continue;
            }
            sockets.push(socket);
            const ack = await send(socket, "player:join", { code: hall.created.joinCode, nickname: `student ${start + i}` });
            if (ack.ok) return;
            socket.close();
            retries++;
            await new Promise((r) => setTimeout(r, 1000));
          }
        }),
      );
    }
    console.log(`4. 1,000 honest joins from one address: all in after ${((performance.now() - t) / 1000).toFixed(1)} s (${retries} refused and retried)`);
  } finally {
    for (const s of sockets) s.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
