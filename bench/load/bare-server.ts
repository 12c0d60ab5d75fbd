/**
 * Reference server for bench/load.ts: a bare Socket.IO 4.8 server with nothing behind it (no database, no session,
 * no validation), run in its own process like the real one. It shows what the transport alone costs on this machine.
 *
 *   node --import tsx bench/load/bare-server.ts      (started by bench/load.ts; not meant to be run by hand)
 *
 * Environment: PORT (0 = a free port), HOST (default 127.0.0.1). Prints `listening url=http://HOST:PORT`.
 * Phones connect with auth { role: "phone" }; "echo" (payload, ack) is acknowledged at once.
 * One controller connects with auth { role: "controller" } and asks for a push to every phone:
 *   "push" ({ mode: "broadcast" | "each", seq, bytes }, ack): "broadcast" encodes one message and writes it to all
 *   phones (io.emit); "each" emits a separate object to each phone (encoded once per phone, as the real server does with
 *   its per-player views). The ack comes after the last write was queued.
 * Exits on SIGTERM/SIGINT, and when its standard input closes (so it never outlives the bench that started it).
 */
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { viewLikePayload } from "./view-like-payload";

type PushRequest = { mode: "broadcast" | "each"; seq: number; bytes: number };

const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 0);

const httpServer = createServer((_req, res) => {
  res.writeHead(404).end();
});
const io = new Server(httpServer, { serveClient: false, cors: { origin: false }, maxHttpBufferSize: 16 * 1024 });
const phones = new Set<Socket>();

io.on("connection", (socket) => {
  const role = (socket.handshake.auth as { role?: unknown } | undefined)?.role;
  if (role === "controller") {
    socket.on("push", (request: PushRequest, ack: (r: { ok: true; sent: number; bytes: number }) => void) => {
      const targets = [...phones];
      if (request.mode === "broadcast") {
        const payload = viewLikePayload(request.seq, request.bytes);
        io.to("phones").emit("news", payload);
        ack({ ok: true, sent: targets.length, bytes: JSON.stringify(payload).length });
      } else {
        let bytes = 0;
        targets.forEach((phone, i) => {
          const payload = viewLikePayload(request.seq, request.bytes, i);
          if (i === 0) bytes = JSON.stringify(payload).length;
          phone.emit("news", payload);
        });
        ack({ ok: true, sent: targets.length, bytes });
      }
    });
    return;
  }
  phones.add(socket);
  void socket.join("phones");
  socket.on("echo", (_payload: unknown, ack: unknown) => {
    if (typeof ack === "function") ack({ ok: true });
  });
  socket.on("disconnect", () => phones.delete(socket));
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
