const IDEAS = [
  { name: "Forward pass", text: "Inputs flow through the weights to a prediction ŷ." },
  { name: "Cost J", text: "One number for how wrong all the predictions are." },
  { name: "Backpropagation", text: "The chain rule gives every weight its slope ∂J/∂w." },
  { name: "Gradient descent", text: "Each weight steps against its slope, by α × slope." },
] as const;

/** Before a round (join screen hidden) or between rounds: the loop the class is about to play with. */
export function IdleStage({ nextRound, title }: { nextRound: number; title: string }) {
  return (
    <div className="flex h-full min-h-0 flex-col justify-center gap-5 px-4">
      <div>
        <p className="text-xl font-semibold uppercase tracking-widest text-brand dark:text-sky-300">Up next: round {nextRound}</p>
        <h2 className="mt-1 text-3xl font-bold 2xl:text-5xl">{title}</h2>
      </div>
      <ol className="grid grid-cols-2 gap-3 xl:grid-cols-4">
        {IDEAS.map((idea, i) => (
          <li key={idea.name} className="rounded-2xl bg-slate-100 p-4 dark:bg-slate-800">
            <p className="text-base font-semibold text-brand dark:text-sky-300">Step {i + 1}</p>
            <h3 className="text-xl font-bold 2xl:text-2xl">{idea.name}</h3>
            <p className="mt-1 text-lg text-slate-700 dark:text-slate-300">{idea.text}</p>
          </li>
        ))}
      </ol>
      <p className="text-xl text-slate-700 dark:text-slate-300">
        Students guess the learning rate α; the network then takes the step for real.
      </p>
    </div>
  );
}
