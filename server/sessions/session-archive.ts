import type { IncomingHttpHeaders } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { z } from "zod";
import { ErrorCode, type SessionListItem, type SessionStatus } from "@/lib/protocol";
import { replayAccess } from "@/lib/session";
import type { EventStore, RawEventRow } from "@/lib/db/event-store";
import { JoinCodeTakenError } from "@/lib/db/event-store";
import { ArchiveJobError, ArchivePool } from "../archive/archive-pool";
import type { ArchiveJob, ImportResult, RenderResult } from "../archive/archive-jobs";
import { HttpError } from "../http/json";
import { replayUrlFor } from "../http/public-url";
import type { Limits } from "../limits";
import type { Logger } from "../logger";
import { hashToken, newJoinCode, newSessionId, newToken, tokenMatches } from "./secrets";
import type { SessionHub } from "./session-hub";

const gzipAsync = promisify(gzip);
const notFound = () => new HttpError(404, ErrorCode.SESSION_NOT_FOUND, "No session with that link");
const notPublic = () =>
  new HttpError(403, ErrorCode.NOT_PUBLIC_YET, "This session is still live; its replay opens when it ends (its host can open it now)");

/** Replay logs kept serialised in memory: at the end of a lesson a whole class opens the same replay link. */
const LOG_CACHE_SIZE = 16;
/** Events per database read when a log is loaded for rendering: the embedded database answers other queries in between. */
const LOAD_PAGE = 2000;
/** Heap for one whole-log job: the largest allowed import (8 MB, 50,000 events) folds in well under this. */
const WORKER_MEMORY_MB = 512;

export type LogBody = { json: string; gzip: Buffer; joinCode: string };
type Rendered = { lastSeq: number; status: SessionStatus; log?: LogBody; csv?: string };

export type ArchiveSettings = { limits: Pick<Limits, "importMaxEvents" | "importFoldMs" | "guessesPerRound">; maxPlayers: number };

/** The bit of a stored session.created event that listings show. */
const CreatedNameSchema = z.object({ config: z.object({ name: z.string(), scenario: z.string() }) });

/**
 * Sessions after (or beside) the live lesson: the log for replays, CSV and JSON exports, import from another
 * installation, the "My sessions" summaries, deletion by the host, and retention. Everything whose cost grows with a
 * log's length (parsing, checking, folding, serialising) runs on the archive workers, never on the event loop.
 */
export class SessionArchive {
  private readonly logCache = new Map<string, Rendered>();
  private readonly rendering = new Map<string, Promise<Rendered>>();
  private readonly imports: ArchivePool;
  private readonly renders: ArchivePool;

  constructor(
    private readonly store: EventStore,
    private readonly hub: SessionHub,
    private readonly log: Logger,
    private readonly settings: ArchiveSettings,
  ) {
    const budget = { deadlineMs: settings.limits.importFoldMs, memoryMb: WORKER_MEMORY_MB };
    // Two workers: a long import never makes a class wait for the replay they were just sent.
    this.imports = new ArchivePool("import", log, budget);
    this.renders = new ArchivePool("render", log, budget);
  }

  /** Starts both workers now: creating one blocks this thread for a moment, which must not fall in a lesson. */
  warmUp(): void {
    this.renders.warmUp();
    this.imports.warmUp();
  }

  /**
   * The log as JSON text and gzip with the server's verification, cached per session until its next event (a
   * one-row look-up decides). Until the session ends only its host (bearer host token) may read it.
   */
  async logBody(sessionId: string, bearer: string | null): Promise<LogBody> {
    const rendered = await this.rendered(sessionId, bearer, "log");
    return rendered.log!;
  }

  async csv(sessionId: string, bearer: string | null): Promise<{ csv: string; joinCode: string }> {
    const [rendered, row] = await Promise.all([this.rendered(sessionId, bearer, "csv"), this.store.row(sessionId)]);
    if (!row) throw notFound();
    return { csv: rendered.csv!, joinCode: row.joinCode };
  }

  private async rendered(sessionId: string, bearer: string | null, output: "log" | "csv"): Promise<Rendered> {
    const access = await this.store.access(sessionId);
    if (!access) throw notFound();
    const audience = bearer !== null && tokenMatches(bearer, access.hostTokenHash) ? "host" : "public";
    if (!replayAccess(audience, access)) throw notPublic();
    let entry = this.logCache.get(sessionId);
    if (!entry || entry.lastSeq !== access.lastSeq || entry[output] === undefined) {
      const key = `${sessionId}:${access.lastSeq}:${output}`;
      let pending = this.rendering.get(key);
      if (!pending) {
        pending = this.render(sessionId, access.lastSeq, output).finally(() => this.rendering.delete(key));
        this.rendering.set(key, pending);
      }
      entry = await pending;
    } else {
      this.logCache.delete(sessionId); // re-insert: Map order doubles as least-recently-used order
      this.logCache.set(sessionId, entry);
    }
    // The fold has the last word: a status column that disagreed with the log would still not leak a live round.
    if (!replayAccess(audience, { readOnly: access.readOnly, status: entry.status })) throw notPublic();
    return entry;
  }

  private async render(sessionId: string, lastSeq: number, output: "log" | "csv"): Promise<Rendered> {
    const row = await this.store.row(sessionId);
    if (!row) throw notFound();
    const rows: RawEventRow[] = [];
    while (rows.length === 0 || rows.at(-1)!.seq < lastSeq) {
      const page = await this.store.rawEvents(sessionId, rows.at(-1)?.seq ?? 0, Math.min(LOAD_PAGE, lastSeq - (rows.at(-1)?.seq ?? 0)));
      if (page.length === 0) break;
      for (const r of page) rows.push(r);
    }
    if (rows.length === 0) throw notFound();
    const job: ArchiveJob = { kind: "render", output, session: { id: row.id, joinCode: row.joinCode, createdAt: row.createdAt.getTime() }, rows };
    const { result } = await this.runJob(this.renders, job);
    const { text, status } = result as RenderResult;
    const cached = this.logCache.get(sessionId);
    const entry: Rendered = cached && cached.lastSeq === rows.at(-1)!.seq ? cached : { lastSeq: rows.at(-1)!.seq, status };
    entry.status = status;
    if (output === "log") entry.log = { json: text, gzip: await gzipAsync(text, { level: 6 }), joinCode: row.joinCode };
    else entry.csv = text;
    this.logCache.delete(sessionId);
    this.logCache.set(sessionId, entry);
    if (this.logCache.size > LOG_CACHE_SIZE) this.logCache.delete(this.logCache.keys().next().value!);
    return entry;
  }

  private async runJob(pool: ArchivePool, job: ArchiveJob) {
    try {
      return await pool.run(job);
    } catch (error) {
      if (error instanceof ArchiveJobError && error.failure.status < 500)
        throw new HttpError(error.failure.status, error.failure.code, error.failure.message);
      if (error instanceof ArchiveJobError && error.failure.code === ErrorCode.UNAVAILABLE)
        throw new HttpError(503, ErrorCode.UNAVAILABLE, error.failure.message);
      throw error;
    }
  }

  /**
   * Recreates an exported session here under a new id and join code, as a read-only replay. The raw body goes to the
   * import worker, which parses it, checks it against the live rules by replaying it through decide(), re-scores and
   * re-steps everything, within a time and memory budget; only a log that passes all of it is stored.
   */
  async import(body: Buffer, headers: IncomingHttpHeaders) {
    const started = performance.now();
    const { result, rows } = await this.runJob(this.imports, {
      kind: "import",
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      maxEvents: this.settings.limits.importMaxEvents,
      rules: { maxPlayers: this.settings.maxPlayers, guessesPerRound: this.settings.limits.guessesPerRound },
    });
    const { status, source, created } = result as ImportResult;
    const checkedMs = Math.round(performance.now() - started);
    const hostToken = newToken();
    for (let attempt = 0; ; attempt++) {
      const id = newSessionId();
      const joinCode = newJoinCode();
      try {
        await this.store.createImportedSession({ id, joinCode, hostTokenHash: hashToken(hostToken) }, created, rows, status);
      } catch (error) {
        if (error instanceof JoinCodeTakenError && attempt < 10) continue;
        throw error;
      }
      this.log.info("session imported", { session: id, from: source, events: rows.length, checkedMs, totalMs: Math.round(performance.now() - started) });
      return { ok: true as const, sessionId: id, joinCode, hostToken, replayUrl: replayUrlFor(this.hub.baseUrl(headers), id) };
    }
  }

  /** "My sessions": counts read with aggregate queries, so a list of big logs costs no fold. */
  async summaries(ids: readonly string[]): Promise<SessionListItem[]> {
    const items: SessionListItem[] = [];
    for (const id of new Set(ids)) {
      const summary = await this.store.summary(id);
      if (!summary) continue;
      const created = CreatedNameSchema.safeParse(summary.created);
      items.push({
        id,
        joinCode: summary.joinCode,
        createdAt: summary.createdAt.getTime(),
        title: created.success ? created.data.config.name : "",
        scenario: created.success ? created.data.config.scenario : "",
        status: summary.status,
        players: summary.players,
        rounds: summary.rounds,
        steps: summary.steps,
      });
    }
    return items;
  }

  /** Host only: removes the session, its players and its events. */
  async delete(sessionId: string, hostToken: string): Promise<void> {
    const row = await this.store.row(sessionId);
    if (!row) throw notFound();
    if (!tokenMatches(hostToken, row.hostTokenHash)) throw new HttpError(403, ErrorCode.NOT_HOST, "Only the session's host can delete it");
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

  async close(): Promise<void> {
    await Promise.all([this.imports.close(), this.renders.close()]);
  }
}
