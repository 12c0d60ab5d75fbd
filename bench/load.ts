/**
 * Load benchmark: `npm run bench:load` (tsx bench/load.ts). `--help` lists the flags.
 *
 * For each phone count (default 500, then 1,000) it:
 *  1. starts the real server (server/index.ts) as a child process on 127.0.0.1 and a free port, with a fresh temporary
 *     DATA_DIR (embedded PostgreSQL) or the DATABASE_URL given by --database; creates a session over HTTP, attaches a
 *     host socket and connects N phones (one socket.io-client connection each, websocket only, ramped in batches),
 *     each joining with its own nickname;
 *  2. opens a round; every phone submits a seeded α in [1e-3, 5] at a seeded moment spread uniformly over one second;
 *     each acknowledgement is timed from send to ack;
 *  3. closes and reveals: reveal delivery is timed from the host sending round:reveal to each phone receiving a
 *     player:view whose reveal.round is the round;
 *  4. steps the network (policy median): delivery is timed until each phone sees network.step go up;
 *  5. checks that every acknowledged guess (the last one per phone) is in the host's results, then stops the server
 *     with SIGTERM, starts it again on the same data and checks the results once more, read back from the database;
 *  6. runs a bare Socket.IO server (bench/load/bare-server.ts, also a child process) with the same number of clients
 *     as a reference: ack latency for N messages in one second, then one ~2 KB push to all (encoded once, io.emit) and
 *     one ~2 KB object per client (encoded per client, like the real server's per-player views).
 * All timestamps are taken in this process with performance.now(). Prints a table and PASS/FAIL lines for the targets;
 * exits 1 when a target fails, 2 when the bench itself could not run. Child processes and temporary directories are
 * removed on every way out (including Ctrl-C); every wait is bounded and the whole run has a deadline (--max-seconds).
 *
 * The pieces live in bench/load/: options.ts (flags), app-run.ts with phones.ts and host-client.ts (the real server),
 * bare-run.ts and bare-server.ts (the reference), the measurement tools (delivery-probe, phase-meter, ack-collector,
 * schedule, error-tally), report.ts and verdicts.ts (what is printed), util.ts (numbers, /proc, child processes).
 */
import os from "node:os";
import { errorMessage } from "@/lib/protocol";
import { runApp } from "./load/app-run";
import { runBare } from "./load/bare-run";
import { HELP, parseOptions, type Options } from "./load/options";
import { prepareServerRoot } from "./load/pages";
import { printRunDetails, printTable, type RunReport } from "./load/report";
import { runBench } from "./load/bench-main";
import { verdicts } from "./load/verdicts";
async function main(options: Options): Promise<number> {
  // The server needs a production build of its pages (which play no part in the measurements): see bench/load/pages.ts.
  const root = prepareServerRoot(options.pages);

  console.log(
    `Backprop Live load bench: phones ${options.phones.join(", ")} × ${options.runs} run(s); database ${options.database === "embedded" ? "embedded (fresh temporary DATA_DIR)" : "PostgreSQL (a scratch database per run)"}; ` +
      `guesses within ${options.windowMs} ms, seed ${options.seed}, reguess ${options.reguess}, k ${options.k}, scenario ${options.scenario}; ` +
      `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\nserver runs from ${root.description}`,
  );
  const reports: RunReport[] = [];
  for (const n of options.phones) {
    for (let run = 0; run < options.runs; run++) {
      const report: RunReport = { n, run };
      reports.push(report);
      console.log(`\n▶ ${n} phones, run ${run + 1}: real server…`);
      try {
        report.app = await runApp(n, options, run, root.dir);
      } catch (error) {
        report.appError = errorMessage(error);
      }
      if (options.reference) {
        console.log(`▶ ${n} phones, run ${run + 1}: bare Socket.IO reference…`);
        try {
          report.bare = await runBare(n, options, run);
        } catch (error) {
          report.bareError = errorMessage(error);
        }
      }
      printRunDetails(report, options);
    }
  }

  printTable(reports, options);
  const results = verdicts(reports);
  console.log("");
  for (const v of results) console.log(`${v.ok ? "PASS" : "FAIL"}  ${v.line}`);
  const lost = reports.reduce((sum, r) => sum + (r.app?.lost ?? 0), 0);
  const incomplete = reports.filter((r) => !r.app).length;
  console.log(`\nguesses lost: ${lost}${incomplete ? ` (${incomplete} run(s) did not complete and were not checked)` : ""}`);
  return results.every((v) => v.ok) ? 0 : 1;
}

runBench({ parse: parseOptions, help: HELP }, main);
