/**
 * The failover round: a round like the others, but in the middle of its guess window the node owning the most
 * sessions (by their live leases) is killed with SIGKILL. Phones and hosts on it reconnect to a survivor and resume
 * by token; unacknowledged commands are retried with their commandId. A session owned by the dead node counts as
 * back once an action first sent for it after the kill is acknowledged: the time from the kill to the first such ack.
 */
import type { ErrorTally } from "../load/error-tally";
import type { ClusterOptions } from "./options";
import type { Connection } from "./connection";
import { readLeases, type Lease } from "./owners";
import { playRound, type RoundResult } from "./round";
import type { LiveSession } from "./sessions";
import type { Topology } from "./topology";

export type FailoverResult = {
  killedNode: string;
  /** Where ownership was read: the lease columns, or (servers without them) the host's node. */
  ownerSource: "leases" | "host nodes";
  ownersBefore: Record<string, number>;
  ownersAfter: Record<string, number> | null;
  owned: number;
  /** Per session the dead node owned: kill → first acknowledgement of a command sent after the kill. */
  recoveryMs: number[];
  notRecovered: number;
  /** Clients whose node was killed: how many, how long each took to be bound again on a survivor, how many never were. */
  clients: number;
  reboundMs: number[];
  notRebound: number;
  round: RoundResult;
};

function tally(leases: ReadonlyMap<string, Lease>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const lease of leases.values()) {
    const key = lease.node && lease.live ? lease.node : "(no live lease)";
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

export async function failoverRound(
  topology: Topology,
  sessions: readonly LiveSession[],
  round: number,
  options: ClusterOptions,
  errors: ErrorTally,
): Promise<FailoverResult> {
  const ids = sessions.map((s) => s.host.created.sessionId);
  let killed = -1;
  let killAt = NaN;
  let ownerSource: FailoverResult["ownerSource"] = "leases";
  let ownersBefore: Record<string, number> = {};
  const owned = new Set<LiveSession>();
  const onKilledNode: Connection[] = [];
  const reboundBefore = new Map<Connection, number>();

  const kill = async () => {
    const leases = await readLeases(topology.databaseUrl, ids);
    const ownerOf = (s: LiveSession) => {
      const lease = leases?.get(s.host.created.sessionId);
      if (!leases) return topology.nodes[s.hostNode].id;
      return lease?.live ? lease.node : null;
    };
    if (!leases) ownerSource = "host nodes";
    ownersBefore = leases ? tally(leases) : {};
    const perNode = topology.nodes.map((n) => sessions.filter((s) => ownerOf(s) === n.id).length);
    if (!leases) topology.nodes.forEach((n, i) => (ownersBefore[n.id] = perNode[i]));
    killed = perNode.indexOf(Math.max(...perNode));
    for (const s of sessions) if (ownerOf(s) === topology.nodes[killed].id) owned.add(s);
    for (const s of sessions) {
      for (const c of [s.host.connection, ...s.phones.map((p) => p.connection)]) {
        if (c.node !== killed) continue;
        onKilledNode.push(c);
        reboundBefore.set(c, c.reboundMs.length);
      }
    }
    killAt = performance.now();
    await topology.kill(killed);
  };

  const result = await playRound(sessions, round, options.failoverWindowMs, options, errors, topology.nodes.map((n) => n.child.pid), { atMs: options.killAtMs, run: kill });
  if (killed < 0) throw new Error("the node to kill was never chosen");

  const recoveryMs: number[] = [];
  let notRecovered = 0;
  for (const s of owned) {
    // Only actions first sent after the kill: a retry of one committed before it may be answered from a survivor's
    // copy of the receipts without any owner, which would make the session look back too early.
    const after = s.attempts.filter((a) => a.code === "ok" && a.actionAt >= killAt).map((a) => a.answeredAt - killAt);
    if (after.length) recoveryMs.push(Math.min(...after));
    else notRecovered++;
  }
  const reboundMs: number[] = [];
  let notRebound = 0;
  for (const c of onKilledNode) {
    const fresh = c.reboundMs.slice(reboundBefore.get(c) ?? 0);
    if (fresh.length) reboundMs.push(fresh[0]);
    else notRebound++;
  }
  const after = await readLeases(topology.databaseUrl, ids).catch(() => null);
  return {
    killedNode: topology.nodes[killed].id,
    ownerSource,
    ownersBefore,
    ownersAfter: after ? tally(after) : null,
    owned: owned.size,
    recoveryMs,
    notRecovered,
    clients: onKilledNode.length,
    reboundMs,
    notRebound,
    round: result,
  };
}
