import { Worker } from "node:worker_threads";
import { ErrorCode } from "@/lib/protocol";
import type { ImportedEventRow } from "@/lib/db/event-store";
import type { Logger } from "../logger";
import type { ArchiveFailure, ArchiveJob, ArchiveReply, ArchiveRequest, ArchiveResult } from "./archive-jobs";

const shuttingDown = () => new ArchiveJobError({ status: 503, code: ErrorCode.UNAVAILABLE, message: "The server is shutting down; try again in a moment" });

/** A job that did not finish: refused by the worker (its failure says why), out of time, or out of memory. */
export class ArchiveJobError extends Error {
  constructor(readonly failure: ArchiveFailure) {
    super(failure.message);
  }
}

export type ArchivePoolOptions = {
  /** Wall-clock budget of one job; past it the worker is terminated (Limits.importFoldMs). */
  deadlineMs: number;
  /** Heap budget of the worker, in MB. */
  memoryMb: number;
};

type Outcome = { result: ArchiveResult; rows: ImportedEventRow[] };
type Queued = { job: ArchiveJob; transfer: ArrayBuffer[]; resolve: (r: Outcome) => void; reject: (e: Error) => void };
type Running = {
  id: number;
  kind: ArchiveJob["kind"];
  rows: ImportedEventRow[];
  resolve: (r: Outcome) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
};

/**
 * One worker thread for whole-log work, kept warm between jobs (starting one under tsx costs a few hundred ms) and
 * running one job at a time, queued: the memory budget is per job, and two folds at once would only share two cores
 * with the live sessions. A job past its deadline, or one that exhausts the heap, costs only the worker: it is
 * terminated and the next job starts a fresh one.
 */
export class ArchivePool {
  private worker: Worker | undefined;
  private running: Running | undefined;
  private readonly queue: Queued[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly log: Logger,
    private readonly options: ArchivePoolOptions,
  ) {}

  run(job: ArchiveJob, transfer: ArrayBuffer[] = []): Promise<Outcome> {
    if (this.closed) return Promise.reject(shuttingDown());
    return new Promise((resolve, reject) => {
      this.queue.push({ job, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Starts the worker before the first job needs it. */
  warmUp(): void {
    if (!this.closed) this.ensureWorker();
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const next = this.queue.shift()!;
    const worker = this.ensureWorker();
    const id = this.nextId++;
    const running: Running = {
      id,
      kind: next.job.kind,
      rows: [],
      resolve: next.resolve,
      reject: next.reject,
      timer: setTimeout(() => {
        this.log.warn("archive job over its time budget; worker stopped", { pool: this.name, job: next.job.kind, deadlineMs: this.options.deadlineMs });
        this.finish(running, new ArchiveJobError({
          status: next.job.kind === "import" ? 400 : 503,
          code: next.job.kind === "import" ? ErrorCode.IMPORT_REJECTED : ErrorCode.UNAVAILABLE,
          message:
            next.job.kind === "import"
              ? `This log takes longer than ${Math.round(this.options.deadlineMs / 1000)} s to check; it was not imported`
              : "This log takes too long to prepare; try again later",
        }));
        this.restart();
      }, this.options.deadlineMs),
    };
    this.running = running;
    const request: ArchiveRequest = { id, job: next.job };
    worker.postMessage(request, next.transfer);
  }

  private finish(running: Running, outcome: Error | ArchiveResult): void {
    if (this.running !== running) return;
    clearTimeout(running.timer);
    this.running = undefined;
    if (outcome instanceof Error) running.reject(outcome);
    else running.resolve({ result: outcome, rows: running.rows });
    setImmediate(() => this.pump());
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./archive-worker-entry.mjs", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, maxYoungGenerationSizeMb: Math.min(64, this.options.memoryMb / 4) },
    });
    worker.on("message", (reply: ArchiveReply) => {
      const running = this.running;
      if (!running || reply.id !== running.id) return;
      if (reply.type === "rows") {
        for (const row of reply.rows) running.rows.push(row);
      } else if (reply.type === "done") this.finish(running, reply.result);
      else this.finish(running, new ArchiveJobError(reply.failure));
    });
    worker.on("error", (error: Error & { code?: string }) => {
      const outOfMemory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      if (outOfMemory) this.log.warn("archive job out of memory; worker stopped", { pool: this.name, memoryMb: this.options.memoryMb });
      else this.log.error("archive worker failed", { pool: this.name, error });
      if (this.running)
        this.finish(
          this.running,
          new ArchiveJobError(
            outOfMemory && this.running.kind === "import"
              ? { status: 400, code: ErrorCode.IMPORT_REJECTED, message: "This log needs more memory to check than an import may use; it was not imported" }
              : { status: 500, code: ErrorCode.INTERNAL, message: "Internal error" },
          ),
        );
    });
    worker.on("exit", () => {
      if (this.worker === worker) this.worker = undefined;
      if (this.running && !this.closed)
        this.finish(this.running, new ArchiveJobError({ status: 500, code: ErrorCode.INTERNAL, message: "Internal error" }));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private restart(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.reject(shuttingDown());
    if (this.running) this.finish(this.running, shuttingDown());
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
