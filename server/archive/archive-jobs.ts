import type { ErrorCode, SessionStatus } from "@/lib/protocol";
import type { SessionLogFile, StoredEvent } from "@/lib/session";
import type { ImportedEventRow, RawEventRow } from "@/lib/db/event-store";
import type { ImportRuleOptions } from "./import-rules";

/** Work the archive worker does off the main thread: anything whose cost grows with a log's length. */
export type ArchiveJob =
  | {
      kind: "import";
      /** The request body, unparsed: even JSON.parse of a multi-MB body is too long a pause for the event loop. */
      body: Uint8Array;
      maxEvents: number;
      rules: ImportRuleOptions;
    }
  | { kind: "render"; output: "log" | "csv"; session: SessionLogFile["session"]; rows: RawEventRow[] };

/** The checked log comes back as rows ready to insert (payloads as JSON text: cheap to pass, nothing to serialise). */
export type ImportResult = { kind: "import"; status: SessionStatus; source: string; created: StoredEvent };
export type RenderResult = { kind: "render"; text: string; status: SessionStatus };
export type ArchiveResult = ImportResult | RenderResult;

/** A refusal the HTTP layer passes on as it is (status, stable code, message). */
export type ArchiveFailure = { status: number; code: ErrorCode; message: string };

export type ArchiveReply =
  | { id: number; type: "rows"; rows: ImportedEventRow[] }
  | { id: number; type: "done"; result: ArchiveResult }
  | { id: number; type: "failed"; failure: ArchiveFailure };

export type ArchiveRequest = { id: number; job: ArchiveJob };
