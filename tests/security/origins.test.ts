import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io } from "socket.io-client";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import type { RunningServer } from "@/server/app-server";
import { createTempDataDir } from "../helpers/database";
import { startTestServer } from "../helpers/server";
import { rawRequest } from "./raw-http";

const EVIL = "http://evil.example";
const json = { "content-type": "application/json" };

/** Opens a Socket.IO connection the way a browser page on `origin` would, over one transport. */
function socketFrom(url: string, origin: string | undefined, transport: "websocket" | "polling", extra: Record<string, string> = {}) {
  const socket = io(url, {
    transports: [transport],
    reconnection: false,
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { ...(origin ? { origin } : {}), ...extra },
  });
  return new Promise<"connected" | "refused">((resolve) => {
    socket.once("connect", () => {
      socket.close();
      resolve("connected");
    });
    socket.once("connect_error", () => {
      socket.close();
      resolve("refused");
    });
  });
}

describe("writes and sockets from other origins", () => {
  let server: RunningServer;
  let proxied: RunningServer;
  let dataDir: Awaited<ReturnType<typeof createTempDataDir>>;
  let proxiedDir: Awaited<ReturnType<typeof createTempDataDir>>;
  let own: string;

  beforeAll(async () => {
    dataDir = await createTempDataDir();
    proxiedDir = await createTempDataDir();
    server = await startTestServer({
      dataDir: dataDir.path,
      publicUrl: "https://class.example.org",
      allowedOrigins: ["https://lms.example.edu"],
    });
    // Behind one trusted reverse proxy: its X-Forwarded-Host/-Proto say which origin the browser used.
    proxied = await startTestServer({ dataDir: proxiedDir.path, trustProxy: 1 });
    own = server.url.replace("localhost", "127.0.0.1");
  });
  afterAll(async () => {
    await server?.close();
    await proxied?.close();
    await dataDir?.remove();
    await proxiedDir?.remove();
  });

  const post = (url: string, headers: Record<string, string>) =>
    rawRequest(`${url}/api/sessions`, { method: "POST", headers: { ...json, ...headers }, body: "{}" });

  it("refuses a POST from a foreign page with 403 FORBIDDEN_ORIGIN, an opaque origin too", async () => {
    for (const origin of [EVIL, "null", `${own}.evil.example`, "http://127.0.0.1:1"]) {
      const response = await post(server.url, { origin });
      expect(response.status, origin).toBe(403);
      expect(response.json(), origin).toMatchObject({ ok: false, code: "FORBIDDEN_ORIGIN" });
    }
  });

  it("refuses a DELETE from a foreign page before it reaches the route", async () => {
    const response = await rawRequest(`${server.url}/api/sessions/whatever`, { method: "DELETE", headers: { origin: EVIL, authorization: "Bearer x" } });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ code: "FORBIDDEN_ORIGIN" });
  });

  it("accepts its own origin, PUBLIC_URL, ALLOWED_ORIGINS, no Origin at all, and Sec-Fetch-Site: same-origin", async () => {
    expect((await post(server.url, { origin: own })).status).toBe(201);
    expect((await post(server.url, { origin: "https://class.example.org" })).status).toBe(201);
    expect((await post(server.url, { origin: "https://lms.example.edu" })).status).toBe(201);
    expect((await post(server.url, {})).status).toBe(201);
    // The browser writes Sec-Fetch-Site itself (pages cannot), e.g. when a proxy rewrote the Host we see.
    expect((await post(server.url, { origin: "https://rewritten.example", "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect((await post(server.url, { origin: EVIL, "sec-fetch-site": "cross-site" })).status).toBe(403);
  });

  it("compares scheme and host, not just the host name", async () => {
    const host = new URL(own).host;
    expect((await post(server.url, { origin: `https://${host}` })).status).toBe(403);
    expect((await post(server.url, { origin: `http://${host}`, host })).status).toBe(201);
  });

  it("believes X-Forwarded-Host/-Proto only from trusted proxies", async () => {
    const forwarded = { "x-forwarded-host": "class.example.net", "x-forwarded-proto": "https", origin: "https://class.example.net" };
    expect((await post(proxied.url, forwarded)).status).toBe(201);
    // Without TRUST_PROXY the same headers are just client claims.
    expect((await post(server.url, forwarded)).status).toBe(403);
  });

  it("leaves reads alone: a GET with a foreign Origin is answered", async () => {
    const response = await rawRequest(`${server.url}/api/health`, { headers: { origin: EVIL } });
    expect(response.status).toBe(200);
  });

  it("refuses a Socket.IO handshake from a foreign origin over WebSocket and over polling", async () => {
    expect(await socketFrom(server.url, EVIL, "websocket")).toBe("refused");
    expect(await socketFrom(server.url, EVIL, "polling")).toBe("refused");
    expect(await socketFrom(server.url, "null", "websocket")).toBe("refused");
    expect(await socketFrom(server.url, "https://class.example.net", "websocket", { "x-forwarded-host": "class.example.net" })).toBe(
      "refused",
    );
  });

  it("accepts sockets from its own origin, the configured ones, and clients that send no Origin", async () => {
    expect(await socketFrom(server.url, own, "websocket")).toBe("connected");
    expect(await socketFrom(server.url, own, "polling")).toBe("connected");
    expect(await socketFrom(server.url, "https://class.example.org", "websocket")).toBe("connected");
    expect(await socketFrom(server.url, "https://lms.example.edu", "polling")).toBe("connected");
    expect(await socketFrom(server.url, undefined, "websocket")).toBe("connected");
    expect(
      await socketFrom(proxied.url, "https://class.example.net", "websocket", { "x-forwarded-host": "class.example.net", "x-forwarded-proto": "https" }),
    ).toBe("connected");
  });
});
