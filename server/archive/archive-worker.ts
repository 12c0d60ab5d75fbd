// Runs in a worker thread (see archive-pool.ts): parses, checks and folds whole session logs, so a long or hostile
// log costs this thread's time and memory budget, never the event loop that serves live sessions.
import { parentPort } from "node:worker_threads";
import { describeZodError, ErrorCode, errorMessage, findUnstorableText } from "@/lib/protocol";
import { foldEvents, replayFile, resultsCsv, SessionEventSchema, SessionLogFileSchema, type StoredEvent } from "@/lib/session";
import type { ArchiveFailure, ArchiveReply, ArchiveRequest, ArchiveResult } from "./archive-jobs";
import { ImportRuleError, replayImport } from "./import-rules";

/** Rows per message back to the main thread: each message is deserialised there in one go, so keep them small. */
const EVENTS_PER_MESSAGE = 1000;

class Refusal extends Error {
  constructor(readonly failure: ArchiveFailure) {
    super(failure.message);
  }
}
const refuse = (status: number, code: ArchiveFailure["code"], message: string) => new Refusal({ status, code, message });

function send(reply: ArchiveReply): void {
  parentPort!.postMessage(reply);
}

async function runImport(id: number, job: Extract<ArchiveRequest["job"], { kind: "import" }>): Promise<ArchiveResult> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(job.body);
  } catch {
    throw refuse(400, ErrorCode.INVALID_PAYLOAD, "The file is not UTF-8 text");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuse(400, ErrorCode.INVALID_PAYLOAD, "The file is not valid JSON");
  }
  const events = parsed && typeof parsed === "object" && "events" in parsed ? (parsed as { events: unknown }).events : undefined;
  if (Array.isArray(events) && events.length > job.maxEvents)
    throw refuse(413, ErrorCode.IMPORT_TOO_LARGE, `This log has ${events.length} events; imports of up to ${job.maxEvents} are accepted`);
  // Only an escape can put NUL or half a surrogate pair into JSON text decoded as strict UTF-8, so the walk over every
  // string is needed only when the raw text has one (it costs a third of a second on an 8 MB log).
  const unstorable = /\\u(0000|[dD][89a-fA-F])/.test(text) ? findUnstorableText(parsed) : null;
  if (unstorable) throw refuse(400, ErrorCode.IMPORT_REJECTED, `Text at ${unstorable.join(".") || "the top"} is not well-formed Unicode or contains NUL`);
  const file = SessionLogFileSchema.safeParse(parsed);
  if (!file.success) throw refuse(400, ErrorCode.INVALID_PAYLOAD, `Not a Backprop Live session export: ${describeZodError(file.error)}`);
  let status;
  try {
    status = (await replayImport(file.data.events, job.rules)).status;
  } catch (error) {
    if (error instanceof ImportRuleError) throw refuse(400, ErrorCode.IMPORT_REJECTED, `This log breaks the session rules: ${error.message}`);
    throw error;
  }
  const all = file.data.events;
  for (let i = 0; i < all.length; i += EVENTS_PER_MESSAGE)
    send({
      id,
      type: "rows",
      rows: all.slice(i, i + EVENTS_PER_MESSAGE).map((e) => ({ seq: e.seq, at: e.at, type: e.event.type, payload: JSON.stringify(e.event) })),
    });
  return { kind: "import", status, source: file.data.session.id, created: all[0] };
}

function runRender(job: Extract<ArchiveRequest["job"], { kind: "render" }>): ArchiveResult {
  const events = job.rows.map((row): StoredEvent => {
    const parsed = SessionEventSchema.safeParse(JSON.parse(row.payload));
    if (!parsed.success) throw new Error(`session ${job.session.id} event ${row.seq} is invalid: ${describeZodError(parsed.error)}`);
    return { seq: row.seq, at: row.at, event: parsed.data };
  });
  const state = foldEvents(events);
  if (job.output === "csv") return { kind: "render", text: resultsCsv(events), status: state.status };
  const text = JSON.stringify(replayFile(job.session, events, state));
  return { kind: "render", text, status: state.status };
}

parentPort?.on("message", (request: ArchiveRequest) => {
  void (async () => {
    try {
      const result = request.job.kind === "import" ? await runImport(request.id, request.job) : runRender(request.job);
      send({ id: request.id, type: "done", result });
    } catch (error) {
      const failure: ArchiveFailure =
        error instanceof Refusal
          ? error.failure
          : { status: 500, code: ErrorCode.INTERNAL, message: errorMessage(error) };
      send({ id: request.id, type: "failed", failure });
    }
  })();
});
