/**
 * Reference server for bench/load.ts: a bare Socket.IO 4.8 server with nothing behind it (no database, no session,
 * no validation), run in its own process like the real one. It shows what the transport alone costs on this machine
 * for the same shape: N rooms, each with one "host" socket and its phones.
 *
 *   node --import tsx bench/load/bare-server.ts      (started by bench/load.ts; not meant to be run by hand)
 *
 * Environment: PORT (0 = a free port), HOST (default 127.0.0.1). Prints `listening url=http://HOST:PORT`.
 * Clients connect with auth { role: "host" | "phone", room: <integer ≥ 0> }.
 *  - A phone's "echo" ({ alpha }, ack) is acknowledged at once and remembered as that phone's guess. As the real
 *    server does with its console and phones, the room's host then gets a whole snapshot of the room ("console":
 *    every phone and every guess so far) at most every max(100, phones / 4) ms, and the room's phones a tiny shared
 *    "progress" count at most once a second.
 *  - A host's "push" ({ mode: "broadcast" | "each", seq, bytes }, ack) reaches every phone of its room: "broadcast"
 *    encodes one message for the room (io.to(room).emit); "each" emits a separate object to each phone (encoded once per
 *    phone, as the real server does with its per-player views). The ack comes after the last write was queued.
 * Exits on SIGTERM/SIGINT, and when its standard input closes (so it never outlives the bench that started it).
 */
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { viewLikePayload } from "./view-like-payload";

type PushRequest = { mode: "broadcast" | "each"; seq: number; bytes: number };

/** The real server's pacing (server/sessions/session-room.ts): console snapshots, phones' lock-in count. */
const consoleIntervalMs = (phones: number) => Math.max(100, phones / 4);
const PROGRESS_INTERVAL_MS = 1000;

type Room = {
  name: string;
  host: Socket | undefined;
  /** Phones in the order they connected; the index is their number in the room. */
  phones: Map<Socket, number>;
  nextPhone: number;
  guesses: Map<number, number>;
  consoleSeq: number;
  consoleTimer: NodeJS.Timeout | undefined;
  progressTimer: NodeJS.Timeout | undefined;
};

const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 0);

const httpServer = createServer((_req, res) => {
  res.writeHead(404).end();
});
const io = new Server(httpServer, { serveClient: false, cors: { origin: false }, maxHttpBufferSize: 16 * 1024 });
const rooms = new Map<number, Room>();

function roomOf(index: number): Room {
  let room = rooms.get(index);
  if (!room) {
    room = { name: `room:${index}`, host: undefined, phones: new Map(), nextPhone: 0, guesses: new Map(), consoleSeq: 0, consoleTimer: undefined, progressTimer: undefined };
    rooms.set(index, room);
  }
  return room;
}

/** The room as a console would see it: its phones and their guesses (the real host view is a richer snapshot). */
function consoleSnapshot(room: Room): Record<string, unknown> {
  const players = [...room.phones.values()].map((i) => ({ playerId: `p${i}`, nickname: `phone ${String(i + 1).padStart(4, "0")}`, connected: true, total: 0 }));
  const guesses = [...room.guesses].map(([i, alpha]) => ({ playerId: `p${i}`, alpha }));
  return { seq: ++room.consoleSeq, serverNow: Date.now(), players, guesses };
}

function guessed(room: Room): void {
  room.consoleTimer ??= setTimeout(() => {
    room.consoleTimer = undefined;
    room.host?.emit("console", consoleSnapshot(room));
  }, consoleIntervalMs(room.phones.size));
  room.progressTimer ??= setTimeout(() => {
    room.progressTimer = undefined;
    io.to(room.name).emit("progress", { count: room.guesses.size, of: room.phones.size });
  }, PROGRESS_INTERVAL_MS);
}

io.on("connection", (socket) => {
  const auth = (socket.handshake.auth ?? {}) as { role?: unknown; room?: unknown };
  const index = Number(auth.room ?? 0);
  if (!Number.isInteger(index) || index < 0) {
    socket.disconnect(true);
    return;
  }
  const room = roomOf(index);
  if (auth.role === "host") {
    room.host = socket;
    socket.on("push", (request: PushRequest, ack: (r: { ok: true; sent: number; bytes: number }) => void) => {
      const targets = [...room.phones];
      if (request.mode === "broadcast") {
        const payload = viewLikePayload(request.seq, request.bytes);
        io.to(room.name).emit("news", payload);
        ack({ ok: true, sent: targets.length, bytes: JSON.stringify(payload).length });
      } else {
        let bytes = 0;
        targets.forEach(([phone, i], k) => {
          const payload = viewLikePayload(request.seq, request.bytes, i);
          if (k === 0) bytes = JSON.stringify(payload).length;
          phone.emit("news", payload);
        });
        ack({ ok: true, sent: targets.length, bytes });
      }
    });
    socket.on("disconnect", () => {
      if (room.host === socket) room.host = undefined;
    });
    return;
  }
  const i = room.nextPhone++;
  room.phones.set(socket, i);
  void socket.join(room.name);
  socket.on("echo", (payload: { alpha?: unknown } | undefined, ack: unknown) => {
    if (typeof ack === "function") ack({ ok: true });
    if (typeof payload?.alpha === "number") room.guesses.set(i, payload.alpha);
    guessed(room);
  });
  socket.on("disconnect", () => room.phones.delete(socket));
});

let stopping = false;
function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  io.disconnectSockets(true);
  void io.close().finally(() => process.exit(code));
  setTimeout(() => process.exit(code), 3_000).unref();
}
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
process.stdin.on("end", () => stop(0));
process.stdin.on("error", () => stop(0));
process.stdin.resume();

httpServer.listen(port, host, () => {
  const address = httpServer.address() as AddressInfo;
  process.stdout.write(`bare socket.io listening url=http://${host}:${address.port}\n`);
});
