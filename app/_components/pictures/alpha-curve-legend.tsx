/** The key under the loss-versus-α chart, shared by the live console and the replay. */
export function AlphaCurveLegend({ symbol = "α" }: { symbol?: string }) {
  return (
    <figcaption className="flex flex-wrap gap-x-5 text-base text-slate-700 dark:text-slate-300">
      <span>
        <span aria-hidden className="mr-1 inline-block size-3 rounded-full border border-slate-900 bg-warn align-middle" /> a guess
      </span>
      <span>
        <span aria-hidden className="mr-1 text-negative">▲</span> diverged or off the chart
      </span>
      <span>
        <span aria-hidden className="mr-1 inline-block h-3 w-1 bg-accent align-middle" /> best {symbol}
      </span>
    </figcaption>
  );
}
