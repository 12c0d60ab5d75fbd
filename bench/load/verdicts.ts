import { totalErrors, type RunReport } from "./report";
import { ms } from "./numbers";

export type Verdict = { ok: boolean; line: string };

/** PASS/FAIL per target: acks and reveal under 300 ms p99 up to 500 phones; at every size complete, error-free, nothing lost. */
export function verdicts(reports: RunReport[]): Verdict[] {
  const out: Verdict[] = [];
  for (const r of reports) {
    const tag = `${r.n} phones${reports.some((o) => o !== r && o.n === r.n) ? ` (run ${r.run + 1})` : ""}`;
    const a = r.app;
    if (!a) {
      out.push({ ok: false, line: `${tag}: the run did not complete: ${r.appError}` });
      continue;
    }
    const errors = totalErrors(a);
    if (r.n <= 500) {
      const ackP99 = a.guesses.acks?.p99 ?? Infinity;
      const allAcked = a.guesses.ok === a.guesses.sent && a.guesses.sent > 0;
      out.push({
        ok: allAcked && ackP99 < 300,
        line: `${tag}: every acknowledgement, p99 < 300 ms: ${a.guesses.ok}/${a.guesses.sent} acknowledged, p99 ${ms(ackP99)} ms`,
      });
      const revealP99 = a.reveal.delivery?.p99 ?? Infinity;
      out.push({
        ok: a.reveal.missing === 0 && a.join.ok === r.n && revealP99 < 300,
        line: `${tag}: reveal delivered to all, p99 < 300 ms: ${a.reveal.delivery?.n ?? 0}/${r.n} delivered, p99 ${ms(revealP99)} ms`,
      });
    }
    const complete = a.join.ok === r.n && a.guesses.ok === a.guesses.sent && a.reveal.missing === 0 && a.step.missing === 0;
    out.push({
      ok: complete && errors === 0 && a.lost === 0,
      line: `${tag}: complete with no errors and nothing lost: joined ${a.join.ok}/${r.n}, acked ${a.guesses.ok}/${a.guesses.sent}, reveal missing ${a.reveal.missing}, step missing ${a.step.missing}, errors ${errors}, guesses lost ${a.lost}`,
    });
  }
  return out;
}
