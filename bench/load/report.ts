/** The bench's printed report: per-run details and the summary table. */
import type { AppResult } from "./app-run";
import type { BareResult } from "./bare-run";
import type { Options } from "./options";
import { describePhase } from "./phase-meter";
import { figuresTable, kbPerSecond, medianFigures, runFigures } from "./figures";
import { describeStats, ms, table, type Stats } from "./numbers";
import { splitPhones } from "./shape";
import type { TrafficRates } from "./traffic";

/** What one phone count × run produced: each side's result, or why it failed. */
export type RunReport = { n: number; run: number; app?: AppResult; appError?: string; bare?: BareResult; bareError?: string };

/** A duration from ms(): "850 ms", "12.3 s". */
const took = (value: number | undefined | null) => {
  const text = ms(value);
  return text.endsWith("s") ? `${text.slice(0, -1)} s` : `${text} ms`;
};

/** A host command's ack: the one time with one session, the spread over the sessions with several. */
function describeAck(s: Stats | null): string {
  if (!s) return "–";
  return s.n === 1 ? took(s.max) : `p50 ${ms(s.p50)} / max ${ms(s.max)} ms over ${s.n} sessions`;
}

function describeTraffic(what: string, t: TrafficRates, phones: number): string {
  const perPhone = phones > 0 ? `${(t.phonesBps / phones).toFixed(0)} B/s per phone` : "";
  return (
    `${what} (${took(t.ms)}): consoles ${kbPerSecond(t.consoleSumBps)} in all, the busiest ${kbPerSecond(t.consoleMaxBps)}; ` +
    `phones ${kbPerSecond(t.phonesBps)} in all${perPhone ? ` (${perPhone})` : ""}; ${(t.consoleBytes / 1000).toFixed(1)} KB to consoles, ${(t.phoneBytes / 1000).toFixed(1)} KB to phones`
  );
}

function describeMemory(m: { beforePhonesMb?: number; afterJoinMb?: number }, phones: number, before: string, after: string): string {
  const mb = (v: number | undefined) => (v === undefined ? "?" : `${v.toFixed(0)} MB`);
  const per1000 = (v: number | undefined) => (v === undefined || phones === 0 ? "?" : `${((v / phones) * 1000).toFixed(1)} MB`);
  const growth = m.afterJoinMb !== undefined && m.beforePhonesMb !== undefined ? m.afterJoinMb - m.beforePhonesMb : undefined;
  return (
    `server RSS ${mb(m.beforePhonesMb)} ${before}, ${mb(m.afterJoinMb)} ${after}; per 1,000 phones: ${per1000(m.afterJoinMb)} of the whole RSS, ` +
    `${per1000(growth)} of growth (the increase over the RSS before the phones)`
  );
}

export function printRunDetails(r: RunReport, options: Pick<Options, "batch" | "sessions">): void {
  const a = r.app;
  const split = splitPhones(r.n, options.sessions);
  console.log(`\n── ${r.n} phones${split.length > 1 ? ` in ${split.length} sessions (${[...new Set(split)].join(" or ")} phones each)` : ""}, run ${r.run + 1}: details ──`);
  if (!a) {
    console.log(`  real server: FAILED: ${r.appError}`);
  } else {
    console.log(`  server start ${took(a.startMs)}; RSS after the round ${a.memory.afterRoundMb?.toFixed(0) ?? "?"} MB`);
    console.log(`  ${describeMemory(a.memory, a.join.ok, `before the phones (${a.sessions} session(s) created, hosts attached)`, "after all phones joined")}`);
    console.log(`  connect: ${a.connect.ok}/${a.phones} in ${ms(a.connect.ms)} ms (batches of ${options.batch}); each ${describeStats(a.connect.each)}`);
    console.log(
      `  join:    ${a.join.ok}/${a.phones} in ${ms(a.join.ms)} ms; each ${describeStats(a.join.each)}; ` +
        `${a.join.viewsPerPhone.toFixed(1)} player:view per phone received while joining (each join is pushed to all)`,
    );
    console.log(`  round:open ack ${describeAck(a.open.ack)}; "open" view delivered ${describeStats(a.open.delivery)}, missing ${a.open.missing}`);
    console.log(
      `  guesses: ${a.guesses.ok}/${a.guesses.sent} acknowledged; ack ${describeStats(a.guesses.acks)}; ` +
        `latest send ${ms(a.guesses.slipMax)} ms behind plan; ${a.sessions > 1 ? "every host's view" : "host view"} showed all guesses ${a.guesses.hostSawAllMs === null ? "never (5 s)" : `${ms(a.guesses.hostSawAllMs)} ms after the last ack`}`,
    );
    console.log(`    guess phase: ${describePhase(a.guesses.phase)}`);
    console.log(`    ${describeTraffic("traffic from the first guess sent to host-saw-all", a.traffic.burst, a.join.ok)}`);
    console.log(`  round:close ack ${describeAck(a.close.ack)} (scoring included); "closed" view delivered ${describeStats(a.close.delivery)}, missing ${a.close.missing}`);
    console.log(
      `  round:reveal ack ${describeAck(a.reveal.ack)}; reveal delivered ${describeStats(a.reveal.delivery)}, missing ${a.reveal.missing}; ` +
        `player:view ${(a.reveal.viewBytes / 1024).toFixed(1)} KB as JSON; phones whose reveal.mine.α ≠ their acknowledged α: ${a.reveal.mineMismatch}`,
    );
    console.log(`    reveal phase: ${describePhase(a.reveal.phase)}`);
    console.log(`    ${describeTraffic("traffic during the reveal's delivery", a.traffic.reveal, a.join.ok)}`);
    console.log(`  network:step ack ${describeAck(a.step.ack)}; step delivered ${describeStats(a.step.delivery)}, missing ${a.step.missing}`);
    console.log(`    step phase: ${describePhase(a.step.phase)}`);
    console.log(`  host:view ${(a.hostViewBytes / 1024).toFixed(0)} KB as JSON${a.sessions > 1 ? " (the largest session's)" : ""}`);
    if (a.restart) console.log(`  SIGTERM → exit ${a.restart.exitCode} in ${took(a.restart.stopMs)}; restart on the same data ${took(a.restart.startMs)}`);
    for (const c of a.checks) {
      console.log(`  check "${c.label}": lost ${c.lost}, stored without an ack ${c.extra}${c.detail.length ? "; " + c.detail.join("; ") : ""}`);
    }
    console.log(`  errors: ${a.errors.summary()}`);
    for (const e of a.errors.examples) console.log(`    e.g. ${e}`);
    const problems = [...new Set(a.serverProblems)];
    console.log(`  server warnings/errors printed: ${problems.length}`);
    for (const line of problems.slice(0, 10)) console.log(`    ${line.slice(0, 300)}`);
    console.log(
      `  guesses lost: ${a.lost} (${a.expected} phones with an acknowledged guess${a.sessions > 1 ? ` in ${a.sessions} sessions` : ""}; ` +
        `the last acknowledged α of each checked in the live host view and after a restart)`,
    );
  }
  if (r.bare) {
    const b = r.bare;
    const rooms = b.sessions > 1 ? ` in ${b.sessions} rooms` : "";
    console.log(`  reference: ${b.connect.ok}/${b.phones} connected${rooms} in ${ms(b.connect.ms)} ms; ack ${describeStats(b.acks)}`);
    console.log(`    reference ack phase: ${describePhase(b.guessPhase)}`);
    console.log(`    ${b.sessions > 1 ? "every host's" : "the host's"} console snapshot showed all messages ${b.hostSawAllMs === null ? "never (5 s)" : `${ms(b.hostSawAllMs)} ms after the last ack`}`);
    console.log(`    ${describeTraffic("traffic from the first message sent to host-saw-all", b.traffic.burst, b.connect.ok)}`);
    console.log(`    io.emit ${b.broadcast.bytes} B: ack ${describeAck(b.broadcast.ack)}; delivered ${describeStats(b.broadcast.delivery)}, missing ${b.broadcast.missing}`);
    console.log(`    per-client emit ${b.each.bytes} B: ack ${describeAck(b.each.ack)}; delivered ${describeStats(b.each.delivery)}, missing ${b.each.missing}`);
    console.log(`    ${describeTraffic("traffic during the per-client emit", b.traffic.reveal, b.connect.ok)}`);
    console.log(`    ${describeMemory(b.memory, b.connect.ok, "with the hosts only", "with every phone connected")}`);
    console.log(`    errors: ${b.errors.summary()}`);
  } else if (r.bareError) console.log(`  reference: FAILED: ${r.bareError}`);
  if (a || r.bare) {
    console.log(`\n  headline figures, run ${r.run + 1} (ratio = backprop-live / bare; KB = 1,000 bytes):`);
    console.log(indent(figuresTable(runFigures(a, r.bare))));
  }
}

const indent = (text: string) => text.replace(/^/gm, "  ");

/** With several runs of a phone count: each headline figure's median over them. */
export function printMedians(reports: RunReport[]): void {
  for (const n of [...new Set(reports.map((r) => r.n))]) {
    const runs = reports.filter((r) => r.n === n);
    if (runs.length < 2) continue;
    console.log(`\n── ${n} phones: median over ${runs.length} runs (ratio = the median of the runs' ratios; KB = 1,000 bytes) ──`);
    console.log(indent(figuresTable(medianFigures(runs.map((r) => runFigures(r.app, r.bare))))));
  }
}

export function totalErrors(a: AppResult): number {
  return a.errors.total;
}

export function printTable(reports: RunReport[], options: Pick<Options, "windowMs" | "bytes" | "deliveryTimeoutMs" | "sessions">): void {
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
        `bare socket.io${label}`, String(b.phones), `${b.ackOk}/${b.sent}`, ...cells(b.acks),
        ...cells(b.broadcast.delivery), String(b.broadcast.missing),
        ...cells(b.each.delivery), String(b.each.missing), String(b.errors.total), "–",
      ]);
    } else if (r.bareError) rows.push([`bare socket.io${label}`, String(r.n), "FAILED", ...Array(16).fill("–")]);
  }
  const rooms = options.sessions > 1;
  console.log("\n" + table(header, rows));
  console.log(
    (rooms ? `phones = the total over ${options.sessions} sessions (bare: as many rooms), all active at once; every host sends its commands at the same moment.\n` : "") +
      `All times in ms, measured in this process from send to receipt. ack = guess:submit → ack (bare: "echo" → ack), sent uniformly within ${options.windowMs} ms.\n` +
      `* backprop-live: round:reveal sent by ${rooms ? "each" : "the"} host → that phone's player:view with reveal.round; bare: one ${options.bytes} B io.emit to all${rooms ? " phones of the room, from its host" : ""}.\n` +
      `** backprop-live: network:step sent → that phone's player:view with network.step increased; bare: one ${options.bytes} B object emitted to each client${rooms ? " of the room, from its host" : ""}.\n` +
      `The headline ratios compare the reveal with the bare per-client emit (one object encoded per phone, as the real per-player views are), and also with io.emit.\n` +
      `miss = not delivered within ${options.deliveryTimeoutMs} ms; errors = failed connects, joins, acks (incl. timeouts and RATE_LIMITED), host commands, unexpected disconnects, unclean exits, restart checks.\n` +
      `In the details, CPU is from /proc: "server" includes its threads (embedded PostgreSQL, scoring worker); "rest of the machine" is every other process (an external PostgreSQL, anything else running).`,
  );
}
