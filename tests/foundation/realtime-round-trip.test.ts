import { describe, expect, it } from "vitest";
import { io } from "socket.io-client";
import { postgresSkipReason } from "../helpers/database";
import { useTestServer } from "../helpers/fixtures";
import { connectClient, request } from "../helpers/socket-client";

type Mode = { name: "embedded" | "postgres"; skip?: string };
const modes: Mode[] = [{ name: "embedded" }, { name: "postgres", skip: postgresSkipReason() }];

for (const mode of modes) {
  describe.skipIf(!!mode.skip)(`server on ${mode.name} database`, () => {
    const server = useTestServer({ postgres: mode.name === "postgres" });

    it("answers /api/health with the database mode", async () => {
      const response = await fetch(`${server.url}/api/health`);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ status: "ok", database: { mode: mode.name, ok: true } });
      expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it("returns JSON 404 for unknown API routes", async () => {
      const response = await fetch(`${server.url}/api/nope`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ ok: false, code: "NOT_FOUND" });
    });

    it("creates a session over HTTP, looks it up over Socket.IO, and still finds it after a restart", async () => {
      const response = await fetch(`${server.url}/api/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ config: { scenario: "one-weight" } }),
      });
      expect(response.status).toBe(201);
      const created = await response.json();
      expect(created.joinCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
      expect(created.hostToken.length).toBeGreaterThanOrEqual(43);
      const joinCode: string = created.joinCode;
      const typed = `${joinCode.slice(0, 3).toLowerCase()}-${joinCode.slice(3)}`;

      const socket = await connectClient(server.url);
      const found = await request(socket, "session:lookup", { code: typed });
      expect(found).toMatchObject({ ok: true, session: { id: created.sessionId, joinCode, status: "lobby", playerCount: 0 } });
      socket.close();
      // Only a hash of the host token is stored.
      const row = await server.database.prisma.session.findUniqueOrThrow({ where: { id: created.sessionId } });
      expect(row.hostTokenHash).not.toContain(created.hostToken);

      await server.restart();
      const again = await connectClient(server.url);
      expect(await request(again, "session:lookup", { code: joinCode })).toMatchObject({ ok: true, session: { joinCode } });
      again.close();
    });

    it("fails closed with stable codes on bad input, unknown events and missing sessions", async () => {
      const socket = await connectClient(server.url);
      expect(await request(socket, "session:lookup", { code: "ABC" })).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
      expect(await request(socket, "session:lookup", { code: 42 })).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
      expect(await request(socket, "session:lookup")).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
      expect(await request(socket, "session:lookup", { code: "ABCDEF", extra: 1 })).toMatchObject({
        ok: false,
        code: "INVALID_PAYLOAD",
      });
      expect(await request(socket, "no:such:event", {})).toMatchObject({ ok: false, code: "UNKNOWN_EVENT" });
      expect(await request(socket, "session:lookup", { code: "ZZZZZZ" })).toMatchObject({
        ok: false,
        code: "SESSION_NOT_FOUND",
      });
      // Still serving after all of that.
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      socket.close();
    });

    it("refuses a client that speaks another protocol version", async () => {
      const socket = io(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, auth: { protocolVersion: 999 } });
      const error = await new Promise<Error & { data?: { code?: string } }>((resolve) => socket.once("connect_error", resolve));
      expect(error.data?.code).toBe("PROTOCOL_MISMATCH");
      socket.close();
    });
  });
}
