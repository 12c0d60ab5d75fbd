import pg from "pg";
import type { HostView } from "@/lib/protocol";
import { foldEvents, hostView, SessionEventSchema, type StoredEvent } from "@/lib/session";
import { attachHost } from "../../helpers/lesson";
import type { CreateSessionResponse } from "@/lib/protocol";

/** A host view without what legitimately differs between nodes: the clock, links (each node's URL) and presence. */
export function comparable(view: HostView): unknown {
  const { serverNow: _now, ...rest } = view;
  return {
    ...rest,
    session: { ...rest.session, joinUrl: undefined, replayUrl: undefined },
    players: rest.players.map(({ connected: _connected, ...p }) => p),
  };
}

/** The session's log as PostgreSQL holds it, checked and in order. */
export async function storedLog(databaseUrl: string, sessionId: string): Promise<StoredEvent[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ seq: number; createdAt: Date; payload: unknown }>(
      `SELECT "seq", "createdAt", "payload" FROM "SessionEvent" WHERE "sessionId" = $1 ORDER BY "seq"`,
      [sessionId],
    );
    return rows.map((r) => ({ seq: r.seq, at: new Date(r.createdAt).getTime(), event: SessionEventSchema.parse(r.payload) }));
  } finally {
    await client.end();
  }
}

/** A fresh fold of the stored log, as a host view (the reference every node's copy must equal). */
export async function freshFold(databaseUrl: string, created: CreateSessionResponse): Promise<unknown> {
  const events = await storedLog(databaseUrl, created.sessionId);
  const state = foldEvents(events);
  return comparable(
    hostView(state, {
      sessionId: created.sessionId,
      joinCode: created.joinCode,
      joinUrl: "",
      replayUrl: "",
      now: Date.now(),
      isConnected: () => false,
    }),
  );
}

/** Each node's own copy of the session (host:attach answers from the node's memory), comparable. */
export async function nodeCopies(urls: readonly string[], created: CreateSessionResponse): Promise<unknown[]> {
  return Promise.all(
    urls.map(async (url) => {
      const host = await attachHost(url, created);
      try {
        return comparable(host.views.latest!);
      } finally {
        host.socket.disconnect();
      }
    }),
  );
}

/** Waits until every node's copy equals the fresh fold (copies converge within seconds), or fails with the difference. */
export async function expectConverged(databaseUrl: string, urls: readonly string[], created: CreateSessionResponse, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reference = await freshFold(databaseUrl, created);
    const copies = await nodeCopies(urls, created);
    const differing = copies.findIndex((copy) => JSON.stringify(copy) !== JSON.stringify(reference));
    if (differing === -1) return;
    if (Date.now() > deadline) {
      const seqOf = (v: unknown) => (v as { seq: number }).seq;
      throw new Error(
        `node ${urls[differing]} did not converge: its copy is at seq ${seqOf(copies[differing])}, the log at ${seqOf(reference)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A log without a gap or a repeated seq: events numbered 1, 2, 3… */
export function seqsAreContiguous(events: readonly StoredEvent[]): boolean {
  return events.every((e, i) => e.seq === i + 1);
}
