import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "@/server/app-server";
import type { Logger, LogContext } from "@/server/logger";
import { createTempDataDir, type TempDataDir } from "../helpers/database";

/** A logger that keeps every line, so the test can say which levels a request produced. */
function capturingLogger(lines: { level: string; message: string; context?: LogContext }[]): Logger {
  const at = (level: string) => (message: string, context?: LogContext) => void lines.push({ level, message, context });
  const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: () => logger };
  return logger;
}

/** Sends the path byte for byte: fetch would be allowed to normalise it. */
function send(port: number, method: string, path: string): Promise<{ status: number; body: { code?: string; message?: string } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("malformed API addresses are the client's mistake", () => {
  let dataDir: TempDataDir;
  let server: RunningServer;
  const lines: { level: string; message: string; context?: LogContext }[] = [];

  beforeAll(async () => {
    dataDir = await createTempDataDir();
    server = await startServer({
      port: 0,
      host: "127.0.0.1",
      dev: false,
      pages: false,
      publicUrl: undefined,
      dataDir: dataDir.path,
      databaseUrl: undefined,
      maxPlayers: 100,
      retentionDays: undefined,
      log: capturingLogger(lines),
    });
  });
  afterAll(async () => {
    await server?.close();
    await dataDir?.remove();
  });

  it.each([
    ["GET", "/api/replays/%ZZ", 400, "INVALID_PAYLOAD"],
    ["GET", "/api/replays/a%00b", 400, "INVALID_PAYLOAD"],
    ["DELETE", "/api/sessions/%", 400, "INVALID_PAYLOAD"],
    ["GET", "/api/replays/%ZZ/results.csv", 400, "INVALID_PAYLOAD"],
    ["GET", "/api/replays/%E0%A4%A/log.json", 400, "INVALID_PAYLOAD"],
    ["GET", "/api/replays/a%0Ab", 400, "INVALID_PAYLOAD"],
    ["GET", "/api/replays/..%2F..%2Fetc%2Fpasswd", 404, "SESSION_NOT_FOUND"],
    ["GET", `/api/replays/${"a".repeat(65)}`, 404, "SESSION_NOT_FOUND"],
    ["DELETE", "/api/sessions/%F0%9F%98%80", 404, "SESSION_NOT_FOUND"],
    ["GET", "/api/replays/no-such-session", 404, "SESSION_NOT_FOUND"],
  ])("%s %s → %i %s, with no ERROR log line", async (method, path, status, code) => {
    const before = lines.length;
    const answer = await send(server.port, method, path);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ ok: false, code });
    const logged = lines.slice(before);
    expect(logged.filter((l) => l.level === "error" || l.level === "warn")).toEqual([]);
  });

  it("still serves the API afterwards", async () => {
    expect((await send(server.port, "GET", "/api/health")).status).toBe(200);
  });
});
