/**
 * The whole load on one topology: sessions set up (hosts and phones placed on different nodes), warm-up rounds, the measured rounds,
 * optionally the failover round, then every session's log read back for lost and duplicated commands.
 */
import { ErrorTally } from "../load/error-tally";
import type { Stats } from "../load/numbers";
import { failoverRound, type FailoverResult } from "./failover";
import { checkSessionLog } from "./log-check";
import type { ClusterOptions } from "./options";
import { playRound, type RoundResult } from "./round";
import { setUpSessions, type LiveSession } from "./sessions";
import type { Topology } from "./topology";

export type LoadResult = {
  label: string;
  nodes: number;
  sessions: number;
  phones: number;
  joined: number;
  joinMs: number;
  join: Stats | null;
  /** Joins tried again after a timeout or UNAVAILABLE (same join key). */
  joinRetried: number;
  /** Played first and left out of the pooled figures (their guesses are still checked). */
  warmup: RoundResult[];
  rounds: RoundResult[];
  failover?: FailoverResult;
  /** Over every round, the failover round included: from the logs read back at the end. */
  lost: number;
  /** Acknowledged guesses missing from the host's results after a reveal (every round). */
  viewLost: number;
  duplicated: number;
  guessEvents: number;
  logDetail: string[];
  errors: ErrorTally;
  serverProblems: string[];
};

/** Round → player → acknowledged α, for one session. */
function ackedBy(session: LiveSession): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const phone of session.phones) {
    for (const [round, alpha] of phone.acked) {
      if (!out.has(round)) out.set(round, new Map());
      out.get(round)!.set(phone.playerId, alpha);
    }
  }
  return out;
}

export async function runLoad(topology: Topology, options: ClusterOptions, withFailover: boolean, say: (line: string) => void): Promise<LoadResult> {
  const errors = new ErrorTally();
  const printedFrom = topology.nodes.map((n) => n.child.printed());
  let sessions: LiveSession[] = [];
  try {
    const setup = await setUpSessions(topology.urls, options, errors);
    sessions = setup.sessions;
    say(`  ${setup.joined}/${setup.phones} phones joined ${sessions.length} sessions in ${(setup.joinMs / 1000).toFixed(1)} s`);
    const pids = topology.nodes.map((n) => n.child.pid);
    const warmup: RoundResult[] = [];
    const rounds: RoundResult[] = [];
    for (let r = 1; r <= options.warmupRounds + options.rounds; r++) {
      const isWarmup = r <= options.warmupRounds;
      (isWarmup ? warmup : rounds).push(await playRound(sessions, r, options.windowMs, options, errors, pids));
      say(`  round ${r} played${isWarmup ? " (warm-up)" : ""}`);
    }
    let failover: FailoverResult | undefined;
    if (withFailover) {
      failover = await failoverRound(topology, sessions, options.warmupRounds + options.rounds + 1, options, errors);
      say(`  failover round played (${failover.killedNode} killed)`);
    }

    const killed = new Set(failover ? [topology.nodes.findIndex((n) => n.id === failover.killedNode)] : []);
    const survivor = topology.urls.find((_, i) => !killed.has(i)) ?? topology.urls[0];
    const checks = await Promise.all(sessions.map((s) => checkSessionLog(survivor, s.host.created.sessionId, s.host.created.hostToken, ackedBy(s))));
    const all = [...warmup, ...rounds, ...(failover ? [failover.round] : [])];
    return {
      label: topology.label,
      nodes: topology.nodes.length,
      sessions: sessions.length,
      phones: setup.phones,
      joined: setup.joined,
      joinMs: setup.joinMs,
      join: setup.join,
      joinRetried: setup.joinRetried,
      warmup,
      rounds,
      failover,
      lost: checks.reduce((sum, c) => sum + c.lost, 0),
      viewLost: all.reduce((sum, r) => sum + r.viewLost, 0),
      duplicated: checks.reduce((sum, c) => sum + c.duplicated, 0),
      guessEvents: checks.reduce((sum, c) => sum + c.guessEvents, 0),
      logDetail: checks.flatMap((c, i) => c.detail.map((line) => `session ${i}: ${line}`)).slice(0, 10),
      errors,
      serverProblems: topology.nodes.flatMap((n, i) => n.child.problemsSince(printedFrom[i]).map((line) => `${n.id}: ${line}`)),
    };
  } finally {
    for (const s of sessions) {
      s.host.close();
      for (const p of s.phones) p.close();
    }
  }
}
