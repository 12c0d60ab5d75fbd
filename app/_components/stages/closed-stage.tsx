/** Between closing and revealing: the suspense screen. The scores exist already; the class sees them on reveal. */
export function ClosedStage({ number, guesses, guess = "alpha" }: { number: number; guesses: number; guess?: "alpha" | "beta" }) {
  const what = guess === "beta" ? { symbol: "β", name: "momentum β" } : { symbol: "α", name: "learning rate" };
  return (
    <div className="flex h-full flex-col items-center justify-center gap-4 text-center">
      <p className="text-xl font-semibold uppercase tracking-widest text-brand dark:text-sky-300">Round {number} · closed</p>
      <h2 className="text-4xl font-bold 2xl:text-6xl">
        {guesses === 0 ? "No guesses this round" : `${guesses} guess${guesses === 1 ? "" : "es"} are in`}
      </h2>
      <p className="text-2xl text-slate-700 dark:text-slate-300">
        {guesses === 0 ? `Reveal to see what the best ${what.symbol} would have been.` : `Who found the best ${what.name}? Reveal to find out.`}
      </p>
    </div>
  );
}
