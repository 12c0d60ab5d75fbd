import { Worker } from "node:worker_threads";
import { serializeState } from "@/lib/engine";
import { scoreRound, type RoundScoring, type RoundScoringInput, type SessionState } from "@/lib/session";
import type { Logger } from "../logger";
import type { ScoringReply, ScoringRequest } from "./scoring-worker";

/**
 * Rounds estimated below this much work (distinct α × k × parameters × training points, ~10 ms on this machine)
 * are scored inline: handing them to the worker would cost more than it saves.
 */
const INLINE_WORK_LIMIT = 4_000_000;

/**
 * Scores rounds on a worker thread so that a 1,000-guess round with a 10-step horizon never stalls the event loop
 * for other sessions. Scoring is deterministic, so inline and worker results are identical.
 */
export class ScoringPool {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: RoundScoring) => void; reject: (e: Error) => void }>();
  private broken = false;

  constructor(private readonly log: Logger) {}

  score = async (state: SessionState, input: RoundScoringInput): Promise<RoundScoring> => {
    const distinct = new Set(input.guesses.map((g) => g.alpha)).size + 80; // + the loss curve and its refinement
    const work = distinct * input.k * state.engine.network.paramCount * state.engine.data.nTrain;
    if (work <= INLINE_WORK_LIMIT || this.broken) return scoreRound(state.engine, input);
    const worker = this.ensureWorker();
    if (!worker) return scoreRound(state.engine, input);
    const id = this.nextId++;
    try {
      return await new Promise<RoundScoring>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        const request: ScoringRequest = { id, engine: serializeState(state.engine), input };
        worker.postMessage(request);
      });
    } catch (error) {
      // A round must still close: fall back to scoring here rather than failing the host's command.
      this.log.warn("worker scoring failed; scoring inline", { error });
      return scoreRound(state.engine, input);
    }
  };

  /** Starts the worker ahead of the first large round, so that round does not pay for loading it. */
  warmUp(): void {
    this.ensureWorker();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      // The worker is TypeScript: load it through tsx, as the server itself is.
      const worker = new Worker(new URL("./scoring-worker-entry.mjs", import.meta.url));
      worker.on("message", (reply: ScoringReply) => {
        const waiter = this.pending.get(reply.id);
        if (!waiter) return;
        this.pending.delete(reply.id);
        if (reply.ok) waiter.resolve(reply.scoring);
        else waiter.reject(new Error(reply.message));
      });
      worker.on("error", (error) => this.failAll(error));
      worker.on("exit", (code) => {
        this.worker = undefined;
        if (this.pending.size > 0) this.failAll(new Error(`scoring worker exited with code ${code}`));
      });
      worker.unref();
      this.worker = worker;
      return worker;
    } catch (error) {
      this.log.warn("scoring worker unavailable; scoring inline", { error });
      this.broken = true;
      return undefined;
    }
  }

  private failAll(error: Error): void {
    this.log.error("scoring worker failed", { error });
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
