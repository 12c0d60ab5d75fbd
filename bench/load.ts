/**
 * Load benchmark: `npm run bench:load` (tsx bench/load.ts). `--help` lists the flags.
 *
 * For each phone count (default 500, then 1,000; the total over --sessions S sessions, default 1) it plays
 * --warmup-runs W runs (default 1) that are not measured — the bench's client is a process on the same two cores, and
 * the first time it plays a new size (cold code, a heap still growing) it slows whichever server it measures first —
 * and then --runs R measured runs. Each run:
 *  1. starts the real server (server/index.ts) as a child process on 127.0.0.1 and a free port, with a fresh temporary
 *     DATA_DIR (embedded PostgreSQL) or the DATABASE_URL given by --database; creates S sessions over HTTP, attaches a
 *     host socket to each and connects N phones (one socket.io-client connection each, websocket only, ramped in
 *     batches across the sessions: phone k joins session k mod S), each joining with its own nickname;
 *  2. opens a round in every session at once; every phone submits a seeded α in [1e-3, 5] at a seeded moment spread
 *     uniformly over one window shared by all sessions; each acknowledgement is timed from send to ack, then the
 *     time until every host's view shows all of its session's acknowledged guesses (host-saw-all);
 *  3. closes and reveals in every session at once: reveal delivery is timed from a phone's host sending round:reveal
 *     to that phone receiving a player:view whose reveal.round is the round;
 *  4. steps the network (policy median): delivery is timed until each phone sees network.step go up;
 *  5. checks that every acknowledged guess (the last one per phone) is in its host's results, then stops the server
 *     with SIGTERM, starts it again on the same data and checks every session's results once more, read back from
 *     the database;
 *  6. runs a bare Socket.IO server (bench/load/bare-server.ts, also a child process) of the same shape as a reference:
 *     S rooms, each with a host and its phones; N messages with an ack within the window (each host gets console
 *     snapshots paced like the real console's), then from every host one ~2 KB push to its room (encoded once) and one
 *     ~2 KB object per phone (encoded per phone, like the real server's per-player views).
 * Besides latencies it prints the bytes per second the consoles and phones received (every engine.io frame counted on
 * the client side, during the guess burst and during the reveal's delivery), the server's CPU time per guess, its RSS
 * per 1,000 connected phones, and the ratios to the reference; with --runs R > 1 also the median of each over the runs.
 * All timestamps are taken in this process with performance.now(). Prints a table and PASS/FAIL lines for the targets
 * of the run's shape (bench/load/verdicts.ts); exits 1 when a target fails, 2 when the bench itself could not run.
 * Child processes and temporary directories are removed on every way out (including Ctrl-C); every wait is bounded
 * and the whole run has a deadline (--max-seconds).
 *
 * The pieces live in bench/load/: options.ts (flags), shape.ts (phones per session), app-run.ts with app-sessions.ts,
 * phones.ts and host-client.ts (the real server), bare-run.ts and bare-server.ts (the reference), the measurement
 * tools (delivery-probe, phase-meter, ack-collector, schedule, traffic, error-tally, proc-stats), figures.ts,
 * report.ts and verdicts.ts (what is printed), numbers.ts and children.ts (numbers, child processes).
 */
import os from "node:os";
import { errorMessage } from "@/lib/protocol";
import { runApp } from "./load/app-run";
import { runBare } from "./load/bare-run";
import { HELP, parseOptions, type Options } from "./load/options";
import { prepareServerRoot } from "./load/pages";
import { printMedians, printRunDetails, printTable, type RunReport } from "./load/report";
import { runBench } from "./load/bench-main";
import { splitPhones } from "./load/shape";
import { describeTargets, medianVerdicts, verdicts } from "./load/verdicts";
async function main(options: Options): Promise<number> {
  // The server needs a production build of its pages (which play no part in the measurements): see bench/load/pages.ts.
  const root = prepareServerRoot(options.pages);

  console.log(
    `Backprop Live load bench: phones ${options.phones.join(", ")}${options.sessions > 1 ? ` in all, over ${options.sessions} sessions at once` : ""} × ${options.runs} run(s); database ${options.database === "embedded" ? "embedded (fresh temporary DATA_DIR)" : "PostgreSQL (a scratch database per run)"}; ` +
      `guesses within ${options.windowMs} ms, seed ${options.seed}, reguess ${options.reguess}, k ${options.k}, scenario ${options.scenario}; ` +
      `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\nserver runs from ${root.description}`,
  );
  const reports: RunReport[] = [];
  let warmupLost = 0;
  const playRun = async (n: number, run: number, label: string, shape: string): Promise<RunReport> => {
    const report: RunReport = { n, run };
    console.log(`\n▶ ${n} phones${shape}, ${label}: real server…`);
    try {
      report.app = await runApp(n, options, run, root.dir);
    } catch (error) {
      report.appError = errorMessage(error);
    }
    if (options.reference) {
      console.log(`▶ ${n} phones, ${label}: bare Socket.IO reference…`);
      try {
        report.bare = await runBare(n, options, run);
      } catch (error) {
        report.bareError = errorMessage(error);
      }
    }
    return report;
  };
  for (const n of options.phones) {
    const shape = options.sessions > 1 ? ` in ${options.sessions} sessions (${[...new Set(splitPhones(n, options.sessions))].join(" or ")} phones each)` : "";
    for (let w = 0; w < options.warmupRuns; w++) {
      // Same seed and schedule as run 1; only the loss check counts (below).
      const report = await playRun(n, 0, `warm-up run ${w + 1} of ${options.warmupRuns} (not measured)`, shape);
      warmupLost += report.app?.lost ?? 0;
      console.log(
        `  warm-up: real server ${report.app ? `done, ${report.app.lost} acknowledged guesses lost` : `failed: ${report.appError}`}` +
          (options.reference ? `; reference ${report.bare ? "done" : `failed: ${report.bareError}`}` : ""),
      );
    }
    for (let run = 0; run < options.runs; run++) {
      const report = await playRun(n, run, `run ${run + 1}`, shape);
      reports.push(report);
      printRunDetails(report, options);
    }
  }

  printMedians(reports);
  printTable(reports, options);
  const results = [...verdicts(reports, options.sessions), ...medianVerdicts(reports, options.sessions)];
  console.log("");
  for (const n of options.phones) console.log(describeTargets(n, options.sessions));
  for (const v of results) console.log(`${v.skipped ? "SKIP" : v.ok ? "PASS" : "FAIL"}  ${v.line}`);
  const lost = reports.reduce((sum, r) => sum + (r.app?.lost ?? 0), warmupLost);
  const incomplete = reports.filter((r) => !r.app).length;
  console.log(`\nguesses lost: ${lost}${incomplete ? ` (${incomplete} run(s) did not complete and were not checked)` : ""}`);
  return results.every((v) => v.ok || v.skipped) && warmupLost === 0 ? 0 : 1;
}

runBench({ parse: parseOptions, help: HELP }, main);
