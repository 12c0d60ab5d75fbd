import type { StudentView } from "@/lib/protocol";

type Trend = NonNullable<StudentView["me"]["trend"]>;

const W = 120;
const H = 36;

/**
 * This student's calibration round by round (decades from the best, lower is better) as a tiny sparkline, with the
 * server's plain-words reading of it and their place in the "best calibrated" ranking. Drawn by hand: no chart library
 * on phones.
 */
export function TrendCard({ trend, calibrationRank, players }: { trend: Trend; calibrationRank: number | null; players: number }) {
  const d = trend.decades;
  const top = Math.max(0.5, ...d);
  const x = (i: number) => (d.length > 1 ? 4 + (i / (d.length - 1)) * (W - 8) : W / 2);
  // 0 decades (spot on) at the bottom, on the dashed target line: the line sinks towards it as the aim improves.
  const y = (v: number) => H - 4 - (v / top) * (H - 8);
  const path = d.map((v, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join("");
  const listed = d.map((v) => (v < 0.1 ? v.toFixed(2) : v.toFixed(1))).join(" → ");
  return (
    <section aria-labelledby="trend-title" className="rounded-2xl border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" data-testid="trend">
      <div className="flex items-center justify-between gap-3">
        <h2 id="trend-title" className="text-sm font-semibold uppercase tracking-wide text-slate-700 dark:text-slate-300">
          Your aim
        </h2>
        {calibrationRank !== null ? (
          <p className="text-sm font-semibold" data-testid="calibration-rank">
            #{calibrationRank} of {players} best calibrated
          </p>
        ) : null}
      </div>
      <div className="mt-1 flex items-center gap-3">
        <p className="min-w-0 flex-1 text-lg font-semibold" data-testid="trend-sentence">
          {trend.sentence}
        </p>
        {d.length > 1 ? (
          <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" className="shrink-0">
            <line x1={0} x2={W} y1={y(0)} y2={y(0)} stroke="#009e73" strokeDasharray="3 3" />
            <path d={path} fill="none" stroke="#0b5cad" strokeWidth="2.5" strokeLinejoin="round" />
            {d.map((v, i) => (
              <circle key={i} cx={x(i)} cy={y(v)} r="3" fill="#0b5cad" />
            ))}
          </svg>
        ) : null}
      </div>
      {d.length > 1 ? <p className="text-sm text-slate-700 dark:text-slate-300">Decades from the best (0 = spot on): {listed}</p> : null}
    </section>
  );
}
