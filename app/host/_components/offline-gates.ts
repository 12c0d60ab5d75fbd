import { ErrorCode, type Gate, type HostGates } from "@/lib/protocol";

/**
 * While the console is reconnecting every control waits, whatever the last view allowed. This is about the link,
 * not a session rule: the rules arrive as view.gates, computed by the server from decide's own checks.
 */
const reconnecting: Gate = { ok: false, code: ErrorCode.UNAVAILABLE, why: "Reconnecting to the server…" };

const OFFLINE_GATES: HostGates = {
  "round:open": reconnecting,
  "round:open-beta": reconnecting,
  "round:close": reconnecting,
  "round:reveal": reconnecting,
  "network:step": { host: reconnecting, engine: reconnecting, median: reconnecting, "best-guess": reconnecting, player: reconnecting },
  "network:run": reconnecting,
  "network:reset": reconnecting,
  "session:pause": reconnecting,
  "session:resume": reconnecting,
  "session:end": reconnecting,
  "session:lock": reconnecting,
  "player:kick": reconnecting,
};

/** The gates the console renders: the server's, or all closed while offline. */
export function consoleGates(gates: HostGates, online: boolean): HostGates {
  return online ? gates : OFFLINE_GATES;
}
