/** What bench:cluster prints: details per topology, the summary table, cluster / single ratios and the verdicts. */
import { describeStats, ms, stats, table, type Stats } from "../load/numbers";
import { describePhase } from "../load/phase-meter";
import type { Verdict } from "../load/verdicts";
import type { LoadResult } from "./load-run";
import type { RoundResult } from "./round";

/** The measured rounds (not the warm-up or failover rounds) pooled. */
export type Pooled = { sent: number; acked: number; retried: number; ack: Stats | null; hostSeen: Stats | null; hostUnseen: number; open: Stats | null; reveal: Stats | null; missing: number };

export function pool(rounds: readonly RoundResult[]): Pooled {
  const sum = (f: (r: RoundResult) => number) => rounds.reduce((n, r) => n + f(r), 0);
  return {
    sent: sum((r) => r.sent),
    acked: sum((r) => r.acked),
    retried: sum((r) => r.retried),
    ack: stats(rounds.flatMap((r) => r.ackLatencies)),
    hostSeen: stats(rounds.flatMap((r) => r.hostSeen)),
    hostUnseen: sum((r) => r.hostUnseen),
    open: stats(rounds.flatMap((r) => r.open.latencies)),
    reveal: stats(rounds.flatMap((r) => r.reveal.latencies)),
    missing: sum((r) => r.open.missing + r.reveal.missing),
  };
}

function describeRound(r: RoundResult): string {
  return (
    `acked ${r.acked}/${r.sent} (${r.retried} retried${r.retried ? `: failed tries ${JSON.stringify(r.retryCodes)}` : ""}); ack ${describeStats(stats(r.ackLatencies))}\n` +
    `      guess → host view ${describeStats(stats(r.hostSeen))}, never shown ${r.hostUnseen}\n` +
    `      its ack → host view ${describeStats(stats(r.hostSeenAfterAck))}\n` +
    `      round:open → phones ${describeStats(stats(r.open.latencies))}, missing ${r.open.missing}\n` +
    `      round:reveal → phones ${describeStats(stats(r.reveal.latencies))}, missing ${r.reveal.missing}\n` +
    `      guesses: ${describePhase(r.guessPhase)}`
  );
}

export function printDetails(r: LoadResult): void {
  console.log(`\n── ${r.label}: ${r.phones} phones in ${r.sessions} sessions ──`);
  console.log(`  join: ${r.joined}/${r.phones} in ${(r.joinMs / 1000).toFixed(1)} s (${r.joinRetried} tries again after a timeout); each ${describeStats(r.join)}`);
  for (const round of r.warmup) console.log(`  round ${round.round} (warm-up, not pooled): ${describeRound(round)}`);
  for (const round of r.rounds) console.log(`  round ${round.round}: ${describeRound(round)}`);
  const f = r.failover;
  if (f) {
    console.log(
      `  failover: ${f.killedNode} killed (SIGKILL) mid-round; it owned ${f.owned} of ${r.sessions} sessions (by ${f.ownerSource}: ${JSON.stringify(f.ownersBefore)})`,
    );
    console.log(`    its sessions accepted commands again after ${describeStats(stats(f.recoveryMs))}; never: ${f.notRecovered}`);
    console.log(`    ${f.clients} clients were on it; bound again on a survivor after ${describeStats(stats(f.reboundMs))}; never: ${f.notRebound}`);
    console.log(`    owners afterwards: ${f.ownersAfter ? JSON.stringify(f.ownersAfter) : "unknown (no lease columns)"}`);
    console.log(`    round ${f.round.round} (failover): ${describeRound(f.round)}`);
  }
  console.log(`  log read back: ${r.guessEvents} guess events; acknowledged guesses lost ${r.lost} (host views after each reveal: ${r.viewLost}); duplicated events ${r.duplicated}`);
  for (const line of r.logDetail) console.log(`    ${line}`);
  console.log(`  errors: ${r.errors.summary()}`);
  for (const line of r.errors.examples) console.log(`    ${line.slice(0, 300)}`);
  console.log(`  server warnings/errors printed: ${r.serverProblems.length}`);
  for (const line of r.serverProblems.slice(0, 8)) console.log(`    ${line.slice(0, 300)}`);
}

export function printTable(results: readonly LoadResult[]): void {
  const cells = (s: Stats | null) => [ms(s?.p50), ms(s?.p95), ms(s?.p99), ms(s?.max)];
  const header = ["topology", "phones", "acked", "ack p50", "p95", "p99", "max", "guess→host p50", "p95", "p99", "max", "reveal p50", "p95", "p99", "max", "miss", "errors", "lost", "dup"];
  const rows = results.map((r) => {
    const p = pool(r.rounds);
    return [r.label, String(r.joined), `${p.acked}/${p.sent}`, ...cells(p.ack), ...cells(p.hostSeen), ...cells(p.reveal), String(p.missing), String(r.errors.total), String(r.lost + r.viewLost), String(r.duplicated)];
  });
  console.log("\n" + table(header, rows));
  console.log(
    "Measured rounds only (warm-up and failover rounds are in the details). Times in ms, taken in this process. ack = guess:submit sent → acknowledged;\n" +
      "guess→host = the phone sends its guess → the first host view (after its patch) listing it (host and phone on different nodes in the cluster);\n" +
      "reveal = the host sends round:reveal → that phone's player:view with the reveal. miss = open/reveal views not delivered;\n" +
      "lost = acknowledged guesses missing from the log read back at the end or from a host view after a reveal (every round, failover included);\n" +
      "dup = events one user action can produce once that the log holds more than once.",
  );
}

export function printRatios(cluster: LoadResult, single: LoadResult): void {
  const c = pool(cluster.rounds);
  const s = pool(single.rounds);
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(2)}×` : "–");
  const line = (name: string, a: Stats | null, b: Stats | null) =>
    `  ${name.padEnd(18)} p50 ${ratio(a?.p50, b?.p50)}  p95 ${ratio(a?.p95, b?.p95)}  p99 ${ratio(a?.p99, b?.p99)}`;
  console.log(`\n${cluster.label} / ${single.label} (same load, same run):`);
  console.log(line("guess ack", c.ack, s.ack));
  console.log(line("guess → host view", c.hostSeen, s.hostSeen));
  console.log(line("open → phones", c.open, s.open));
  console.log(line("reveal → phones", c.reveal, s.reveal));
}

/** The targets of issue 11, on the cluster run. */
export function clusterVerdicts(r: LoadResult | undefined, failoverWanted: boolean): Verdict[] {
  if (!r) return [{ ok: false, line: "the cluster run did not complete" }];
  const p = pool(r.rounds);
  const out: Verdict[] = [];
  const seenP95 = p.hostSeen?.p95 ?? Infinity;
  out.push({
    ok: seenP95 <= 150 && p.hostUnseen === 0,
    line: `cross-node guess → host view p95 ≤ 150 ms: p95 ${ms(seenP95)} ms over ${p.hostSeen?.n ?? 0} guesses, never shown ${p.hostUnseen}`,
  });
  const ackP99 = p.ack?.p99 ?? Infinity;
  out.push({ ok: ackP99 <= 300 && p.acked === p.sent, line: `guess ack p99 ≤ 300 ms: p99 ${ms(ackP99)} ms, ${p.acked}/${p.sent} acknowledged` });
  if (failoverWanted) {
    const f = r.failover;
    const worst = f && f.recoveryMs.length ? Math.max(...f.recoveryMs) : Infinity;
    out.push({
      ok: !!f && f.owned > 0 && f.notRecovered === 0 && worst <= 10_000,
      line: f
        ? `failover ≤ 10 s: the ${f.owned} sessions of ${f.killedNode} accepted commands again within ${ms(worst)} ms (worst), ${f.notRecovered} never`
        : "failover ≤ 10 s: the failover round did not run",
    });
  }
  const all = [...r.warmup, ...r.rounds, ...(r.failover ? [r.failover.round] : [])];
  const unacked = all.reduce((n, round) => n + round.sent - round.acked, 0);
  out.push({
    ok: r.lost === 0 && r.viewLost === 0 && unacked === 0,
    line: `0 lost: ${r.lost} acknowledged guesses missing from the logs, ${r.viewLost} from host views, ${unacked} guesses never acknowledged`,
  });
  out.push({ ok: r.duplicated === 0, line: `0 duplicated: ${r.duplicated} duplicated events in the logs (${all.reduce((n, x) => n + x.retried, 0)} guesses were retried)` });
  return out;
}
