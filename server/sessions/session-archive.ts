import type { IncomingHttpHeaders } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { ErrorCode, type SessionListItem } from "@/lib/protocol";
import { foldEvents, resultsCsv, sessionLogFile, type SessionLogFile } from "@/lib/session";
import type { EventStore } from "@/lib/db/event-store";
import { JoinCodeTakenError } from "@/lib/db/event-store";
import { HttpError } from "../http/json";
import { replayUrlFor } from "../http/public-url";
import type { Logger } from "../logger";
import { hashToken, newJoinCode, newSessionId, newToken, tokenMatches } from "./secrets";
import type { SessionHub } from "./session-hub";

const gzipAsync = promisify(gzip);
const notFound = () => new HttpError(404, ErrorCode.SESSION_NOT_FOUND, "No session with that link");

/** Replay logs kept serialised in memory: at the end of a lesson a whole class opens the same replay link. */
const LOG_CACHE_SIZE = 16;
export type LogBody = { json: string; gzip: Buffer; joinCode: string };

/**
 * Sessions after (or beside) the live lesson: the log for replays, CSV and JSON exports, import from another
 * installation, the "My sessions" summaries, deletion by the host, and retention.
 */
export class SessionArchive {
  constructor(
    private readonly store: EventStore,
    private readonly hub: SessionHub,
    private readonly log: Logger,
  ) {}

  private readonly logCache = new Map<string, { lastSeq: number; body: LogBody }>();

  /**
   * The log as JSON text and gzip, cached per session until its next event (a one-column look-up decides), so
   * repeated opens of a finished lesson's replay skip loading, validating and compressing thousands of events.
   */
  async logBody(sessionId: string): Promise<LogBody> {
    const lastSeq = await this.store.lastSeq(sessionId);
    if (lastSeq === null) throw notFound();
    const hit = this.logCache.get(sessionId);
    if (hit && hit.lastSeq === lastSeq) {
      this.logCache.delete(sessionId); // re-insert: Map order doubles as least-recently-used order
      this.logCache.set(sessionId, hit);
      return hit.body;
    }
    const file = await this.logFile(sessionId);
    const state = foldEvents(file.events);
    const checks = file.events.filter((e) => ["network.stepped", "round.closed", "network.reset"].includes(e.event.type)).length;
    const json = JSON.stringify({ ...file, verification: { checks, issues: state.integrity } });
    const body = { json, gzip: await gzipAsync(json, { level: 6 }), joinCode: file.session.joinCode };
    this.logCache.delete(sessionId);
    this.logCache.set(sessionId, { lastSeq: file.events.at(-1)!.seq, body });
    if (this.logCache.size > LOG_CACHE_SIZE) this.logCache.delete(this.logCache.keys().next().value!);
    return body;
  }

  async logFile(sessionId: string): Promise<SessionLogFile> {
    const loaded = await this.store.load(sessionId);
    if (!loaded) throw notFound();
    return sessionLogFile(
      { id: loaded.row.id, joinCode: loaded.row.joinCode, createdAt: loaded.row.createdAt.getTime() },
      loaded.events,
    );
  }

  async csv(sessionId: string): Promise<{ csv: string; joinCode: string }> {
    const file = await this.logFile(sessionId);
    return { csv: resultsCsv(file.events), joinCode: file.session.joinCode };
  }

  /**
   * Recreates an exported session here under a new id and join code. The log is folded first: a log that does not
   * fold, or whose recorded checksums the engine does not reproduce, is refused rather than stored.
   */
  async import(file: SessionLogFile, headers: IncomingHttpHeaders) {
    let state;
    try {
      state = foldEvents(file.events);
    } catch (error) {
      throw new HttpError(400, ErrorCode.INVALID_PAYLOAD, `This log cannot be replayed: ${(error as Error).message}`);
    }
    if (state.integrity.length > 0)
      throw new HttpError(400, ErrorCode.INVALID_PAYLOAD, `This log does not reproduce: ${state.integrity.length} checksum mismatch(es)`);
    const hostToken = newToken();
    for (let attempt = 0; ; attempt++) {
      const id = newSessionId();
      const joinCode = newJoinCode();
      try {
        await this.store.createSession({ id, joinCode, hostTokenHash: hashToken(hostToken) }, file.events[0], {
          events: file.events,
          status: state.status,
        });
      } catch (error) {
        if (error instanceof JoinCodeTakenError && attempt < 10) continue;
        throw error;
      }
      this.log.info("session imported", { session: id, from: file.session.id, events: file.events.length });
      return { ok: true as const, sessionId: id, joinCode, hostToken, replayUrl: replayUrlFor(this.hub.baseUrl(headers), id) };
    }
  }

  async summaries(ids: readonly string[]): Promise<SessionListItem[]> {
    const items: SessionListItem[] = [];
    for (const id of new Set(ids)) {
      const loaded = await this.store.load(id);
      if (!loaded) continue;
      const state = foldEvents(loaded.events);
      items.push({
        id,
        joinCode: loaded.row.joinCode,
        createdAt: loaded.row.createdAt.getTime(),
        title: state.config.name,
        scenario: state.config.scenario,
        status: state.status,
        players: state.players.size,
        rounds: state.rounds.length,
        steps: state.stepsTotal,
      });
    }
    return items;
  }

  /** Host only: removes the session, its players and its events. */
  async delete(sessionId: string, hostToken: string): Promise<void> {
    const loaded = await this.store.load(sessionId);
    if (!loaded) throw notFound();
    if (!tokenMatches(hostToken, loaded.row.hostTokenHash))
      throw new HttpError(403, ErrorCode.NOT_HOST, "Only the session's host can delete it");
    await this.hub.evict(sessionId, "The instructor deleted this session");
    this.logCache.delete(sessionId);
    await this.store.deleteSession(sessionId);
    this.log.info("session deleted", { session: sessionId });
  }

  /** Deletes sessions older than `days`; run at start-up and then periodically when RETENTION_DAYS is set. */
  async purgeOlderThan(days: number, now = Date.now()): Promise<number> {
    const ids = await this.store.purgeCreatedBefore(new Date(now - days * 86_400_000));
    for (const id of ids) {
      await this.hub.evict(id, "This session has expired");
      this.logCache.delete(id);
    }
    if (ids.length > 0) this.log.info("retention purge", { days, sessions: ids.length });
    return ids.length;
  }
}
