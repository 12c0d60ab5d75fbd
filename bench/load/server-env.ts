import os from "node:os";
import path from "node:path";
import type { Options } from "./options";

/**
 * The environment of the real server for a run with n phones in all on dataDir (or the scratch database at
 * databaseUrl); `shape` says over how many sessions (one host each) and how many phones the largest one has.
 */
export function serverEnv(
  n: number,
  options: Pick<Options, "logLevel">,
  dataDir: string,
  databaseUrl: string | undefined,
  shape: { sessions: number; perSession: number } = { sessions: 1, perSession: n },
): Record<string, string | undefined> {
  const { NODE_ENV: _nodeEnv, ...inherited } = process.env; // the server settles NODE_ENV itself (server/node-env.ts)
  const env: Record<string, string | undefined> = {
    ...inherited,
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? "",
    LOG_LEVEL: options.logLevel,
    NEXT_TELEMETRY_DISABLED: "1",
    // A fresh data directory starts as a copy of a cached empty cluster instead of an initdb (start-up only).
    PGLITE_TEMPLATE_CACHE_DIR: process.env.PGLITE_TEMPLATE_CACHE_DIR || path.join(os.tmpdir(), "backprop-live-pglite-templates"),
  };
  if (shape.perSession > 1000) env.MAX_PLAYERS_PER_SESSION = String(shape.perSession);
  // Every simulated phone shares one address and they all arrive within seconds: this bench measures throughput,
  // not the per-address abuse limits (tests/security cover those), so it lifts them.
  env.JOINS_PER_ADDRESS_PER_MINUTE = String(Math.max(6 * n, 1200));
  // A sixth of it in any 10 s must take every phone and every session's host (and a few spare) connecting at once.
  env.CONNECTIONS_PER_ADDRESS_PER_MINUTE = String(Math.max(6 * (n + shape.sessions - 1 + 10), 3000));
  env.SOCKETS_PER_ADDRESS = String(Math.max(2 * n + 10, 2500));
  // The window's guesses and the hosts' commands all come from this one address: above 1,000 phones a guess burst
  // would use up the default 2,000 a second (a fixed 2-s window), so the allowance grows with the phones.
  env.COMMANDS_PER_ADDRESS_PER_SECOND = String(Math.max(2000, 2 * n));
  return env;
}
