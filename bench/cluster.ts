/**
 * Cluster benchmark: `npm run bench:cluster` (tsx bench/cluster.ts). `--help` lists the flags.
 *
 *  1. The reference: one single-mode node (server/index.ts --api-only on a scratch PostgreSQL database, no Redis)
 *     with the whole load: 30 sessions × 30 phones joining, then rounds of bench:load's messages (round:open, one
 *     seeded guess per phone within a second with its ack, round:close, round:reveal, network:step): a warm-up
 *     round (fresh processes, first lease of every session), then the measured ones.
 *  2. The cluster: a private redis-server on a free port and 3 nodes on another scratch database. Each session is
 *     created on its host's node and the host attaches there; its phones connect straight to the OTHER nodes
 *     (`room=<join code>` in the handshake, no balancer), so every guess and every view crosses nodes. The same
 *     rounds, then a failover round: mid-window the node owning the most sessions is killed with SIGKILL; its clients
 *     reconnect to a survivor and resume by token, unacknowledged commands are retried with their commandId, and the
 *     time until the dead node's sessions accept commands again is measured.
 *  3. Every session's log is read back (GET /api/replays/:id with the host token): acknowledged guesses missing (lost),
 *     events applied twice (duplicated). Prints details, a table, cluster/single ratios and PASS/FAIL per target of
 *     issue 11. Exits 0 when the bench ran (whatever the verdicts), 2 when it could not run.
 * Child processes, Redis and scratch databases are removed on every way out (bench/load/children.ts).
 */
import os from "node:os";
import { errorMessage } from "@/lib/protocol";
import { runBench } from "./load/bench-main";
import { runLoad, type LoadResult } from "./cluster/load-run";
import { HELP, parseClusterOptions, type ClusterOptions } from "./cluster/options";
import { clusterVerdicts, printDetails, printRatios, printTable } from "./cluster/report";
import { startTopology } from "./cluster/topology";
import { redisServerSkipReason } from "../tests/cluster/helpers/cluster";

const say = (line: string) => console.log(line);

async function measure(kind: "cluster" | "single" | "same-url", options: ClusterOptions, withFailover: boolean): Promise<LoadResult> {
  const phones = options.sessions * options.phonesPerSession;
  const t0 = performance.now();
  const topology = await startTopology(kind, kind === "single" ? 1 : options.nodes, phones, options.database);
  say(`  ${topology.label} up in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${topology.nodes.map((n) => `${n.id} ${n.url}`).join(", ")}`);
  try {
    await printHealth(topology.nodes.map((n) => n.url));
    return await runLoad(topology, options, withFailover, say);
  } finally {
    await topology.stop();
  }
}

/** Each node's /api/health, so the printout shows whether the nodes really run as a cluster. */
async function printHealth(urls: readonly string[]): Promise<void> {
  for (const url of new Set(urls)) {
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      const body = (await response.json()) as { cluster?: { mode?: string; nodeId?: string; redis?: { ok?: boolean } } };
      const c = body.cluster;
      say(`  ${url}/api/health ${response.status}: ${c ? `cluster mode ${c.mode}, node ${c.nodeId}, redis ok ${c.redis?.ok}` : "no cluster section"}`);
    } catch (error) {
      say(`  ${url}/api/health: ${errorMessage(error)}`);
    }
  }
}

async function main(options: ClusterOptions): Promise<number> {
  const noRedis = redisServerSkipReason();
  if (noRedis && !options.sameUrl) {
    console.error(`bench:cluster needs redis-server: ${noRedis}`);
    return 2;
  }

  const phones = options.sessions * options.phonesPerSession;
  say(
    `Backprop Live cluster bench: ${options.sessions} sessions × ${options.phonesPerSession} phones = ${phones}; ${options.nodes} nodes; ` +
      `${options.warmupRounds} warm-up and ${options.rounds} measured round(s) with guesses within ${options.windowMs} ms${options.failover && !options.sameUrl ? `, then a failover round (kill at ${options.killAtMs} ms of ${options.failoverWindowMs})` : ""}; ` +
      `commandIds ${options.commandIds ? "on" : "off"}; seed ${options.seed}; node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  );
  const results: LoadResult[] = [];
  let single: LoadResult | undefined;
  let cluster: LoadResult | undefined;
  if (options.single) {
    say("\n▶ single node (reference)…");
    try {
      single = await measure("single", options, false);
      results.push(single);
      printDetails(single);
    } catch (error) {
      say(`  single node: FAILED: ${errorMessage(error)}`);
    }
  }
  const kind = options.sameUrl ? "same-url" : "cluster";
  say(`\n▶ ${kind === "cluster" ? `cluster of ${options.nodes}` : `one server as ${options.nodes} "nodes" (--same-url)`}…`);
  try {
    cluster = await measure(kind, options, options.failover && kind === "cluster");
    results.push(cluster);
    printDetails(cluster);
  } catch (error) {
    say(`  cluster: FAILED: ${errorMessage(error)}`);
  }

  printTable(results);
  if (cluster && single) printRatios(cluster, single);
  say("");
  for (const v of clusterVerdicts(cluster, options.failover && kind === "cluster")) say(`${v.ok ? "PASS" : "FAIL"}  ${v.line}`);
  return cluster ? 0 : 2;
}

runBench({ parse: parseClusterOptions, help: HELP }, main);
