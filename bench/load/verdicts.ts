import { median, kbPerSecond, runFigures, type RunFigures } from "./figures";
import { totalErrors, type RunReport } from "./report";
import { ms } from "./numbers";

/** `skipped`: the target could not be checked in this run (say, no reference); neither a pass nor a failure. */
export type Verdict = { ok: boolean; line: string; skipped?: boolean };

/**
 * The latency and traffic targets that apply to a run, by its shape. Every shape also has to be complete, with no
 * errors and nothing lost.
 */
export type TargetSet = {
  name: string;
  /** Guess ack p99 bound (ms); `strict` makes it "<" instead of "≤". */
  ackP99Ms: number;
  strict?: boolean;
  /** Reveal delivered p99 bound (ms). */
  revealP99Ms?: number;
  /** Reveal delivered p99 at most this many times the bare reference's (its per-phone push). */
  revealVsBare?: number;
  /** The busiest console's traffic during the guess burst (bytes per second). */
  consoleBurstBps?: number;
};

export function targetsFor(phones: number, sessions: number): TargetSet | null {
  if (sessions > 1) return { name: "issue 12, several sessions at once", ackP99Ms: 50, revealVsBare: 1.5 };
  if (phones >= 4000) return { name: "issue 12, one session of 4,000 phones or more", ackP99Ms: 300, revealVsBare: 1.3, consoleBurstBps: 100_000 };
  if (phones <= 500) return { name: "one session of up to 500 phones", ackP99Ms: 300, strict: true, revealP99Ms: 300 };
  return null;
}

export function describeTargets(phones: number, sessions: number): string {
  const set = targetsFor(phones, sessions);
  const shape = `${phones} phones${sessions > 1 ? ` in ${sessions} sessions` : ""}`;
  if (!set) return `targets for ${shape}: none for latency at this shape (targets: several sessions; one session ≤ 500 or ≥ 4,000 phones); complete, no errors, nothing lost`;
  const parts = [`guess ack p99 ${set.strict ? "<" : "≤"} ${set.ackP99Ms} ms`];
  if (set.revealP99Ms !== undefined) parts.push(`reveal delivered p99 ${set.strict ? "<" : "≤"} ${set.revealP99Ms} ms`);
  if (set.revealVsBare !== undefined) parts.push(`reveal delivered p99 ≤ ${set.revealVsBare}× bare`);
  if (set.consoleBurstBps !== undefined) parts.push(`console traffic during the guess burst ≤ ${kbPerSecond(set.consoleBurstBps)}`);
  return `targets for ${shape} (${set.name}): ${parts.join("; ")}; complete, 0 errors, 0 acknowledged guesses lost`;
}

/**
 * What a run's latency verdicts need besides the figures: whether it (and its reference) delivered everything. Null
 * for verdicts on medians, which check the numbers only (each run's completeness has its own verdict).
 */
type Completeness = {
  acked: string;
  allAcked: boolean;
  delivered: string;
  allDelivered: boolean;
  reference: "complete" | "incomplete" | "absent";
  burstComplete: boolean;
};

function targetVerdicts(tag: string, set: TargetSet, f: RunFigures, c: Completeness | null): Verdict[] {
  const out: Verdict[] = [];
  const cmp = set.strict ? "<" : "≤";
  const within = (value: number | undefined, bound: number) => value !== undefined && (set.strict ? value < bound : value <= bound);
  const ackP99 = f.get("ackP99")?.app;
  const acked = c ? `${c.acked} acknowledged` : "";
  out.push({
    ok: (c?.allAcked ?? true) && within(ackP99, set.ackP99Ms),
    line: set.strict
      ? `${tag}: every acknowledgement, p99 < ${set.ackP99Ms} ms: ${c ? `${acked}, ` : ""}p99 ${ms(ackP99)} ms`
      : `${tag}: guess ack p99 ${cmp} ${set.ackP99Ms} ms: p99 ${ms(ackP99)} ms${c ? `, ${acked}` : ""}`,
  });
  const reveal = f.get("revealP99");
  if (set.revealP99Ms !== undefined) {
    out.push({
      ok: (c?.allDelivered ?? true) && within(reveal?.app, set.revealP99Ms),
      line: `${tag}: reveal delivered to all, p99 < ${set.revealP99Ms} ms: ${c ? `${c.delivered} delivered, ` : ""}p99 ${ms(reveal?.app)} ms`,
    });
  }
  if (set.revealVsBare !== undefined) {
    const line = `${tag}: reveal delivered p99 ≤ ${set.revealVsBare}× bare (its per-phone push)`;
    const reference = c?.reference ?? (reveal?.bare === undefined ? "absent" : "complete");
    if (reference === "absent") out.push({ ok: false, skipped: true, line: `${line}: not checked (no reference run)` });
    else
      out.push({
        ok: (c?.allDelivered ?? true) && reference === "complete" && reveal?.ratio !== undefined && reveal.ratio <= set.revealVsBare,
        line:
          `${line}: ${ms(reveal?.app)} ms vs ${ms(reveal?.bare)} ms = ${reveal?.ratio?.toFixed(2) ?? "–"}×${c ? `; ${c.delivered} delivered` : ""}` +
          (reference === "incomplete" ? "; the reference did not deliver everything or had errors" : ""),
      });
  }
  if (set.consoleBurstBps !== undefined) {
    const busiest = f.get("burstConsoleMax")?.app;
    const burstComplete = c?.burstComplete ?? true;
    out.push({
      ok: burstComplete && busiest !== undefined && busiest <= set.consoleBurstBps,
      line:
        `${tag}: console traffic during the guess burst ≤ ${kbPerSecond(set.consoleBurstBps)} (the busiest console): ${kbPerSecond(busiest)}` +
        (burstComplete ? "" : " (the host never showed every guess, so the burst ran to the 5-s wait)"),
    });
  }
  return out;
}

const shapeTag = (r: RunReport, sessions: number) => `${r.n} phones${sessions > 1 ? ` in ${sessions} sessions` : ""}`;

/** PASS/FAIL per run: the targets of its shape (targetsFor); at every shape complete, error-free, nothing lost. */
export function verdicts(reports: RunReport[], sessions: number): Verdict[] {
  const out: Verdict[] = [];
  for (const r of reports) {
    const tag = `${shapeTag(r, sessions)}${reports.some((o) => o !== r && o.n === r.n) ? ` (run ${r.run + 1})` : ""}`;
    const a = r.app;
    if (!a) {
      out.push({ ok: false, line: `${tag}: the run did not complete: ${r.appError}` });
      continue;
    }
    const set = targetsFor(r.n, sessions);
    if (set) {
      const b = r.bare;
      const reference = !b ? "absent" : b.each.missing === 0 && b.errors.total === 0 && b.connect.ok === r.n ? "complete" : "incomplete";
      out.push(
        ...targetVerdicts(tag, set, runFigures(a, b), {
          acked: `${a.guesses.ok}/${a.guesses.sent}`,
          allAcked: a.guesses.ok === a.guesses.sent && a.guesses.sent > 0,
          delivered: `${a.reveal.delivery?.n ?? 0}/${r.n}`,
          allDelivered: a.reveal.missing === 0 && a.join.ok === r.n,
          reference,
          burstComplete: a.traffic.burstComplete,
        }),
      );
    }
    const errors = totalErrors(a);
    const complete = a.join.ok === r.n && a.guesses.ok === a.guesses.sent && a.reveal.missing === 0 && a.step.missing === 0;
    out.push({
      ok: complete && errors === 0 && a.lost === 0,
      line: `${tag}: complete with no errors and nothing lost: joined ${a.join.ok}/${r.n}, acked ${a.guesses.ok}/${a.guesses.sent}, reveal missing ${a.reveal.missing}, step missing ${a.step.missing}, errors ${errors}, guesses lost ${a.lost}`,
    });
  }
  return out;
}

/**
 * With several runs of a phone count: the latency and traffic targets checked on the median figures (each run's
 * completeness stays a per-run verdict).
 */
export function medianVerdicts(reports: RunReport[], sessions: number): Verdict[] {
  const out: Verdict[] = [];
  for (const n of [...new Set(reports.map((r) => r.n))]) {
    const runs = reports.filter((r) => r.n === n);
    const set = targetsFor(n, sessions);
    if (runs.length < 2 || !set) continue;
    const figures = runs.map((r) => runFigures(r.app, r.bare));
    const pick = (key: string, side: "app" | "bare" | "ratio") => median(figures.map((f) => f.get(key)?.[side]));
    const f: RunFigures = new Map(
      ["ackP99", "revealP99", "burstConsoleMax"].map((key) => [key, { app: pick(key, "app"), bare: pick(key, "bare"), ratio: pick(key, "ratio") }]),
    );
    const done = runs.filter((r) => r.app).length;
    out.push(...targetVerdicts(`${shapeTag(runs[0], sessions)} (median of the ${done} completed of ${runs.length} runs)`, set, f, null));
  }
  return out;
}
