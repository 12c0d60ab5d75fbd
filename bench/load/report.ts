/** The bench's printed report: per-run details and the summary table. */
import type { AppResult } from "./app-run";
import type { BareResult } from "./bare-run";
import type { Options } from "./options";
import { describePhase } from "./phase-meter";
import { describeStats, ms, table, type Stats } from "./numbers";

/** What one phone count × run produced: each side's result, or why it failed. */
export type RunReport = { n: number; run: number; app?: AppResult; appError?: string; bare?: BareResult; bareError?: string };

export function printRunDetails(r: RunReport, options: Pick<Options, "batch">): void {
  const a = r.app;
  console.log(`\n── ${r.n} phones, run ${r.run + 1}: details ──`);
  if (!a) {
    console.log(`  real server: FAILED: ${r.appError}`);
  } else {
    console.log(`  server start ${ms(a.startMs)} ms; RSS after the round ${a.serverRssMb?.toFixed(0) ?? "?"} MB`);
    console.log(`  connect: ${a.connect.ok}/${a.phones} in ${ms(a.connect.ms)} ms (batches of ${options.batch}); each ${describeStats(a.connect.each)}`);
    console.log(
      `  join:    ${a.join.ok}/${a.phones} in ${ms(a.join.ms)} ms; each ${describeStats(a.join.each)}; ` +
        `${a.join.viewsPerPhone.toFixed(1)} player:view per phone received while joining (each join is pushed to all)`,
    );
    console.log(`  round:open ack ${ms(a.open.ackMs)} ms; "open" view delivered ${describeStats(a.open.delivery)}, missing ${a.open.missing}`);
    console.log(
      `  guesses: ${a.guesses.ok}/${a.guesses.sent} acknowledged; ack ${describeStats(a.guesses.acks)}; ` +
        `latest send ${ms(a.guesses.slipMax)} ms behind plan; host view showed all guesses ${a.guesses.hostSawAllMs === null ? "never (5 s)" : `${ms(a.guesses.hostSawAllMs)} ms after the last ack`}`,
    );
    console.log(`    guess phase: ${describePhase(a.guesses.phase)}`);
    console.log(`  round:close ack ${ms(a.close.ackMs)} ms (scoring included); "closed" view delivered ${describeStats(a.close.delivery)}, missing ${a.close.missing}`);
    console.log(
      `  round:reveal ack ${ms(a.reveal.ackMs)} ms; reveal delivered ${describeStats(a.reveal.delivery)}, missing ${a.reveal.missing}; ` +
        `player:view ${(a.reveal.viewBytes / 1024).toFixed(1)} KB as JSON; phones whose reveal.mine.α ≠ their acknowledged α: ${a.reveal.mineMismatch}`,
    );
    console.log(`    reveal phase: ${describePhase(a.reveal.phase)}`);
    console.log(`  network:step ack ${ms(a.step.ackMs)} ms; step delivered ${describeStats(a.step.delivery)}, missing ${a.step.missing}`);
    console.log(`    step phase: ${describePhase(a.step.phase)}`);
    console.log(`  host:view ${(a.hostViewBytes / 1024).toFixed(0)} KB as JSON`);
    if (a.restart)
      console.log(`  SIGTERM → exit ${a.restart.exitCode} in ${ms(a.restart.stopMs)} ms; restart on the same data ${ms(a.restart.startMs)} ms`);
    for (const c of a.checks) {
      console.log(`  check "${c.label}": lost ${c.lost}, stored without an ack ${c.extra}${c.detail.length ? "; " + c.detail.join("; ") : ""}`);
    }
    console.log(`  errors: ${a.errors.summary()}`);
    for (const e of a.errors.examples) console.log(`    e.g. ${e}`);
    const problems = [...new Set(a.serverProblems)];
    console.log(`  server warnings/errors printed: ${problems.length}`);
    for (const line of problems.slice(0, 10)) console.log(`    ${line.slice(0, 300)}`);
    console.log(`  guesses lost: ${a.lost} (${a.expected} phones with an acknowledged guess; the last acknowledged α of each checked in the live host view and after a restart)`);
  }
  if (r.bare) {
    const b = r.bare;
    console.log(`  reference: ${b.connect.ok}/${b.phones} connected in ${ms(b.connect.ms)} ms; ack ${describeStats(b.acks)}`);
    console.log(`    reference ack phase: ${describePhase(b.guessPhase)}`);
    console.log(`    io.emit ${b.broadcast.bytes} B: ack ${ms(b.broadcast.ackMs)} ms; delivered ${describeStats(b.broadcast.delivery)}, missing ${b.broadcast.missing}`);
    console.log(`    per-client emit ${b.each.bytes} B: ack ${ms(b.each.ackMs)} ms; delivered ${describeStats(b.each.delivery)}, missing ${b.each.missing}`);
    console.log(`    errors: ${b.errors.summary()}`);
  } else if (r.bareError) console.log(`  reference: FAILED: ${r.bareError}`);
}

export function totalErrors(a: AppResult): number {
  return a.errors.total;
}

export function printTable(reports: RunReport[], options: Pick<Options, "windowMs" | "bytes" | "deliveryTimeoutMs">): void {
  const header = [
    "server", "phones", "acked", "ack p50", "p95", "p99", "max",
    "reveal* p50", "p95", "p99", "max", "miss",
    "step** p50", "p95", "p99", "max", "miss", "errors", "lost",
  ];
  const cells = (s: Stats | null) => [ms(s?.p50), ms(s?.p95), ms(s?.p99), ms(s?.max)];
  const rows: string[][] = [];
  for (const r of reports) {
    const label = reports.some((o) => o !== r && o.n === r.n) ? ` #${r.run + 1}` : "";
    if (r.app) {
      const a = r.app;
      rows.push([
        `backprop-live${label}`, String(a.phones), `${a.guesses.ok}/${a.guesses.sent}`, ...cells(a.guesses.acks),
        ...cells(a.reveal.delivery), String(a.reveal.missing),
        ...cells(a.step.delivery), String(a.step.missing), String(totalErrors(a)), String(a.lost),
      ]);
    } else rows.push([`backprop-live${label}`, String(r.n), "FAILED", ...Array(16).fill("–")]);
    if (r.bare) {
      const b = r.bare;
      rows.push([
        `bare socket.io${label}`, String(b.phones), `${b.ackOk}/${b.phones}`, ...cells(b.acks),
        ...cells(b.broadcast.delivery), String(b.broadcast.missing),
        ...cells(b.each.delivery), String(b.each.missing), String(b.errors.total), "–",
      ]);
    } else if (r.bareError) rows.push([`bare socket.io${label}`, String(r.n), "FAILED", ...Array(16).fill("–")]);
  }
  console.log("\n" + table(header, rows));
  console.log(
    `All times in ms, measured in this process from send to receipt. ack = guess:submit → ack (bare: "echo" → ack), sent uniformly within ${options.windowMs} ms.\n` +
      `* backprop-live: round:reveal sent by the host → that phone's player:view with reveal.round; bare: one ${options.bytes} B io.emit to all.\n` +
      `** backprop-live: network:step sent → that phone's player:view with network.step increased; bare: one ${options.bytes} B object emitted to each client.\n` +
      `miss = not delivered within ${options.deliveryTimeoutMs} ms; errors = failed connects, joins, acks (incl. timeouts and RATE_LIMITED), host commands, unexpected disconnects, unclean exits, restart checks.\n` +
      `In the details, CPU is from /proc: "server" includes its threads (embedded PostgreSQL, scoring worker); "rest of the machine" is every other process (an external PostgreSQL, anything else running).`,
  );
}
