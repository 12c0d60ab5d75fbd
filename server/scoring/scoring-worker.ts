// Runs in a worker thread: scores a round without blocking the event loop that serves every other session.
import { parentPort } from "node:worker_threads";
import { deserializeState, type SerializedState } from "@/lib/engine";
import { scoreRound, type RoundScoringInput } from "@/lib/session/round-scoring";
import { errorMessage } from "@/lib/protocol/error-message";

export type ScoringRequest = { id: number; engine: SerializedState; input: RoundScoringInput };
export type ScoringReply = { id: number; ok: true; scoring: ReturnType<typeof scoreRound> } | { id: number; ok: false; message: string };

parentPort?.on("message", (request: ScoringRequest) => {
  let reply: ScoringReply;
  try {
    reply = { id: request.id, ok: true, scoring: scoreRound(deserializeState(request.engine), request.input) };
  } catch (error) {
    reply = { id: request.id, ok: false, message: errorMessage(error) };
  }
  parentPort!.postMessage(reply);
});
