import { createRequire } from "node:module";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Socket as EngineSocket } from "engine.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ackError, clientCommands, ErrorCode, PROTOCOL_VERSION } from "@/lib/protocol";
import { InFlight } from "@/server/in-flight";
import { createLogger } from "@/server/logger";
import type { CommandHandlers } from "@/server/realtime/command-router";
import { attachSocketServer, type RealtimeServer } from "@/server/realtime/socket-server";
import { connectClient } from "../helpers/socket-client";

/**
 * Socket.IO tuned as its "Performance tuning" and "Memory usage" pages advise: ws's native masking add-on loads,
 * WebSocket compression is off, and each connection's first HTTP request is let go once its socket connected — with
 * the headers the server reads (X-Forwarded-For…) kept in the handshake.
 */
const require = createRequire(import.meta.url);

describe("ws native add-on", () => {
  // bufferutil ships prebuilt add-ons for these; elsewhere it falls back to JavaScript (ws works the same, slower).
  const prebuilt = ["linux-x64", "darwin-x64", "darwin-arm64", "win32-x64", "win32-ia32"].includes(`${process.platform}-${process.arch}`);
  it.runIf(prebuilt)("bufferutil loads as a native add-on and ws masks with it", () => {
    const dir = path.dirname(require.resolve("bufferutil"));
    const nodeGypBuild = require("node-gyp-build") as { path(dir: string): string };
    expect(nodeGypBuild.path(dir)).toMatch(/\.node$/);
    // ws 8 takes bufferutil when present (Node 20's http module has no websocketMask of its own).
    const bufferUtil = require(path.join(path.dirname(require.resolve("ws")), "lib/buffer-util.js")) as { mask: () => void };
    expect(bufferUtil.mask.toString()).toContain("bufferUtil.mask");
  });
});

describe("the Socket.IO server's tuning", () => {
  let http: HttpServer;
  let io: RealtimeServer;
  let url: string;

  beforeAll(async () => {
    http = createServer();
    // Every command refused: these tests only connect.
    const handlers = Object.fromEntries(
      Object.keys(clientCommands).map((name) => [name, async () => ackError(ErrorCode.UNAVAILABLE, "not in this test")]),
    ) as unknown as CommandHandlers;
    io = attachSocketServer(http, handlers, { log: createLogger("silent"), inFlight: new InFlight(), onDisconnect: () => {} });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await io.close();
    http.close();
  });

  it("negotiates no WebSocket compression", async () => {
    expect(io.engine.opts.perMessageDeflate).toBe(false);
    // The client offers permessage-deflate (its default); the server must decline it.
    const socket = await connectClient(url);
    const ws = (socket.io.engine.transport as unknown as { ws: { extensions: string } }).ws;
    expect(ws.extensions).toBe("");
    socket.close();
  });

  it("lets go of the first HTTP request once connected, keeping its headers in the handshake", async () => {
    const client = await connectClient(url);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const socket = [...io.sockets.sockets.values()].find((s) => s.id === client.id)!;
    expect(socket.conn.request).toBeNull();
    expect(socket.handshake.headers.host).toBe(new URL(url).host);
    expect(socket.handshake.address).toMatch(/127\.0\.0\.1/);
    client.close();
  });

  it("refuses a second Socket.IO connection over an engine connection whose request was let go", async () => {
    const engine = new EngineSocket(url, { transports: ["websocket"], path: "/socket.io/" });
    const messages: string[] = [];
    const next = (prefix: string) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message starting ${prefix}: got ${messages.join(" | ")}`)), 5_000);
        const check = () => {
          const found = messages.find((m) => m.startsWith(prefix));
          if (!found) return;
          clearTimeout(timer);
          engine.off("message", check);
          resolve(found);
        };
        engine.on("message", check);
        check();
      });
    engine.on("message", (data) => messages.push(String(data)));
    await new Promise<void>((resolve) => engine.on("open", () => resolve()));
    const connect = `0${JSON.stringify({ protocolVersion: PROTOCOL_VERSION })}`;
    engine.send(connect);
    const { sid } = JSON.parse((await next("0{")).slice(1)) as { sid: string };
    expect(io.sockets.sockets.has(sid)).toBe(true);
    engine.send("1"); // Socket.IO DISCONNECT of "/", the engine connection stays open
    // The server handles a DISCONNECT on its next tick: connect again only once the first socket is gone.
    for (let i = 0; i < 200 && io.sockets.sockets.has(sid); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(io.sockets.sockets.has(sid)).toBe(false);
    messages.length = 0;
    engine.send(connect);
    const refused = JSON.parse((await next("4")).slice(1)) as { data?: { code?: string } };
    expect(refused.data?.code).toBe(ErrorCode.UNAVAILABLE);
    engine.close();
  });
});
