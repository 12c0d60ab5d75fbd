import { randomBytes } from "node:crypto";
import type { CreateSessionResponse, HostView, StudentView } from "@/lib/protocol";
import { attachAndFollow } from "./host-view-follow";
import { connectClient, request, type TestSocket } from "./socket-client";

export async function createSession(baseUrl: string, body: object = {}): Promise<CreateSessionResponse> {
  const response = await fetch(`${baseUrl}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000), // the load bench promises that every wait is bounded
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreateSessionResponse;
}

/** Records every view a socket receives, so tests can wait for the one they expect. */
export class ViewLog<V extends HostView | StudentView> {
  readonly views: V[] = [];
  private waiters: { predicate: (v: V) => boolean; resolve: (v: V) => void }[] = [];

  push(view: V): void {
    this.views.push(view);
    this.waiters = this.waiters.filter((w) => (w.predicate(view) ? (w.resolve(view), false) : true));
  }

  get latest(): V | undefined {
    return this.views.at(-1);
  }

  waitFor(predicate: (v: V) => boolean, timeoutMs = 5_000): Promise<V> {
    const existing = this.views.findLast(predicate);
    if (existing && existing === this.latest) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting for a view")), timeoutMs);
      this.waiters.push({ predicate, resolve: (v) => (clearTimeout(timer), resolve(v)) });
    });
  }
}

type Sender = <T = AckLike>(event: string, payload?: unknown) => Promise<T>;
export type Host = { socket: TestSocket; views: ViewLog<HostView>; send: Sender };
export type Student = { socket: TestSocket; views: ViewLog<StudentView>; send: Sender; playerId: string; playerToken: string; sessionId: string };

type AckLike = { ok: boolean; code?: string; message?: string } & Record<string, unknown>;

function sender(socket: TestSocket) {
  return <T = AckLike>(event: string, payload?: unknown) =>
    (payload === undefined ? request<T>(socket, event, {}) : request<T>(socket, event, payload));
}

export async function attachHost(url: string, created: CreateSessionResponse): Promise<Host> {
  return attachHostOn(await connectClient(url), created);
}

/** Attaches a connected socket (any transport, any route) as the session's host. */
export async function attachHostOn(socket: TestSocket, created: CreateSessionResponse): Promise<Host> {
  const views = new ViewLog<HostView>();
  const ack = await attachAndFollow(socket, created, (v) => views.push(v));
  if (!ack.ok) throw new Error(`host:attach failed: ${ack.code} ${ack.message}`);
  return { socket, views, send: sender(socket) };
}

export async function joinStudent(url: string, joinCode: string, nickname: string): Promise<Student> {
  return joinStudentOn(await connectClient(url), joinCode, nickname);
}

/** Joins a student on a connected socket (any transport, any route). */
export async function joinStudentOn(
  socket: TestSocket,
  joinCode: string,
  nickname: string,
  /** As a phone does: keep one join key and try again while the answer is UNAVAILABLE, for up to this long. */
  options: { retryUnavailableMs?: number } = {},
): Promise<Student> {
  const views = new ViewLog<StudentView>();
  socket.on("player:view", (v) => views.push(v));
  const until = Date.now() + (options.retryUnavailableMs ?? 0);
  const payload = options.retryUnavailableMs ? { code: joinCode, nickname, joinKey: randomBytes(18).toString("base64url") } : { code: joinCode, nickname };
  type JoinAck = AckLike & { view: StudentView; playerId: string; playerToken: string; sessionId: string };
  let ack = await request<JoinAck>(socket, "player:join", payload);
  while (!ack.ok && ack.code === "UNAVAILABLE" && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    ack = await request<JoinAck>(socket, "player:join", payload);
  }
  if (!ack.ok) throw new Error(`player:join failed: ${ack.code} ${ack.message}`);
  views.push(ack.view);
  return { socket, views, send: sender(socket), playerId: ack.playerId, playerToken: ack.playerToken, sessionId: ack.sessionId };
}

export async function resumeStudent(url: string, sessionId: string, playerToken: string): Promise<Student & { ack: AckLike }> {
  const socket = await connectClient(url);
  const views = new ViewLog<StudentView>();
  socket.on("player:view", (v) => views.push(v));
  const ack = await request<AckLike & { view: StudentView; playerId: string }>(socket, "player:resume", { sessionId, playerToken });
  if (ack.ok) views.push(ack.view);
  return { socket, views, send: sender(socket), playerId: ack.playerId, playerToken, sessionId, ack };
}
