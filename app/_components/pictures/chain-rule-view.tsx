"use client";
import { useMemo } from "react";
import { chainRule, type ChainFactor, type EngineState, type ParamEntry } from "@/lib/engine";
import { formatNumber } from "./format-number";
import { neuronName, paramName } from "./param-names";

const STEP_BUTTON =
  "min-h-11 min-w-11 rounded-lg border-2 border-slate-400 px-3 text-lg font-semibold hover:bg-slate-100 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand dark:border-slate-500 dark:hover:bg-slate-800 dark:focus-visible:outline-sky-300";

/**
 * Symbol and words for one factor, named like the diagram (x₁, h3, ŷ, numbered from 1). The engine's own symbols
 * number neurons from 0, which would disagree with the picture next to them.
 */
function describe(state: EngineState, entry: ParamEntry, factor: ChainFactor): { symbol: string; words: string } {
  const net = state.network;
  const target = neuronName(net, entry.layer, entry.to);
  const activation = net.layers[entry.layer].activation;
  switch (factor.key) {
    case "input":
      if (entry.from === "bias") return { symbol: "1", words: "a bias acts on a constant input of 1" };
      return entry.layer === 1
        ? { symbol: neuronName(net, 0, entry.from), words: "the input of this sample" }
        : { symbol: neuronName(net, entry.layer - 1, entry.from), words: "what that neuron sent forward" };
    case "slope":
      return activation === "linear"
        ? { symbol: "f′(z)", words: `${target} does not squash: its slope is 1` }
        : { symbol: `${activation === "sigmoid" ? "σ" : activation}′(z)`, words: `how steep ${target}'s squashing is here` };
    case "loss-slope":
      return { symbol: "∂L/∂ŷ", words: "how the loss reacts to the prediction" };
    case "upstream":
      return { symbol: "Σ w·δ", words: `error flowing back into ${target}` };
  }
}

/**
 * ∂J/∂w multiplied out for one parameter and one training sample, with the engine's actual numbers, and the batch
 * gradient (the mean over all training samples) that the step really uses. Step through samples to see that each
 * one pulls the weight its own way and only the average counts.
 */
export function ChainRuleView({
  state,
  paramIndex,
  sampleIndex,
  onSampleChange,
}: {
  state: EngineState;
  paramIndex: number;
  sampleIndex: number;
  onSampleChange: (index: number) => void;
}) {
  const net = state.network;
  const entry = net.paramEntries[paramIndex];
  const nTrain = state.data.nTrain;
  const sample = Math.min(Math.max(0, sampleIndex), nTrain - 1);
  const breakdown = useMemo(
    () => chainRule(state, { layer: entry.layer, to: entry.to, from: entry.from }, sample),
    [state, entry, sample],
  );
  const name = paramName(net, entry);
  const symbol = net.paramCount <= 2 ? name : entry.from === "bias" ? "b" : "w";
  const x = breakdown.sample.x.map((v) => formatNumber(v, 3)).join(", ");
  const isClassification = state.data.kind === "classification";
  const direction = breakdown.batchGradient > 0 ? "decrease" : breakdown.batchGradient < 0 ? "increase" : "stay put";

  return (
    <section aria-label={`Chain rule for ${name}`} className="flex flex-col gap-3 text-lg 2xl:text-xl">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h3 className="text-2xl font-bold 2xl:text-3xl">
          ∂J/∂{symbol} for <span className="text-brand dark:text-sky-300">{name}</span>
        </h3>
        <div className="ml-auto flex items-center gap-2" role="group" aria-label="Training sample">
          <button type="button" className={STEP_BUTTON} onClick={() => onSampleChange((sample - 1 + nTrain) % nTrain)} aria-label="Previous sample">
            ◀
          </button>
          <span className="min-w-40 text-center tabular-nums" aria-live="polite">
            sample {sample + 1} of {nTrain}
          </span>
          <button type="button" className={STEP_BUTTON} onClick={() => onSampleChange((sample + 1) % nTrain)} aria-label="Next sample">
            ▶
          </button>
        </div>
      </div>
      <p className="text-slate-700 dark:text-slate-300">
        This sample: input ({x}), target y = {formatNumber(breakdown.sample.y, 3)}, prediction ŷ = {formatNumber(breakdown.sample.yHat, 3)}
        {isClassification ? " (chance of the blue class)" : ""}
      </p>
      <ol className="flex flex-wrap items-stretch gap-3" aria-label="Factors of the chain rule">
        {breakdown.factors.map((f, i) => {
          const d = describe(state, entry, f);
          return (
            <li key={f.key} className="flex items-center gap-3">
              {i > 0 && (
                <span aria-hidden className="text-4xl font-bold text-slate-500 dark:text-slate-400">
                  ×
                </span>
              )}
              <div className="flex w-[12.5rem] flex-col rounded-xl bg-slate-100 px-4 py-2 2xl:w-[15rem] dark:bg-slate-800">
                <span className="font-mono text-lg text-slate-700 dark:text-slate-300">{d.symbol}</span>
                <span className="text-3xl font-bold tabular-nums 2xl:text-4xl">{formatNumber(f.value, 3)}</span>
                <span className="text-base leading-snug text-slate-700 dark:text-slate-300">{d.words}</span>
              </div>
            </li>
          );
        })}
        <li className="flex items-center gap-3">
          <span aria-hidden className="text-4xl font-bold text-slate-500 dark:text-slate-400">
            =
          </span>
          <div className="flex flex-col justify-center rounded-xl border-4 border-brand px-4 py-2 dark:border-sky-300">
            <span className="font-mono text-lg text-slate-700 dark:text-slate-300">∂L/∂{symbol}, this sample</span>
            <span className="text-3xl font-bold tabular-nums 2xl:text-4xl">{formatNumber(breakdown.product, 3)}</span>
          </div>
        </li>
      </ol>
      {breakdown.upstreamTerms.length > 0 && (
        <p className="text-base text-slate-700 dark:text-slate-300 2xl:text-lg">
          Σ w·δ = {breakdown.upstreamTerms.map((t) => `(${formatNumber(t.weight, 2)})·(${formatNumber(t.delta, 2)})`).join(" + ")}: each
          outgoing weight times the error δ of the neuron it feeds.
        </p>
      )}
      <p className="text-slate-700 dark:text-slate-300">
        In words: nudge {symbol} up by a tiny amount and this sample&rsquo;s loss changes by {formatNumber(breakdown.product, 3)} times that
        nudge. Every sample gives its own answer:
      </p>
      <p className="rounded-xl bg-sky-50 px-4 py-2 dark:bg-sky-950">
        Averaged over all {nTrain} training samples:{" "}
        <strong className="tabular-nums">
          ∂J/∂{symbol} = {formatNumber(breakdown.batchGradient, 3)}
        </strong>
        . The step moves {symbol} by −α × that, so {symbol} will {direction}.
      </p>
    </section>
  );
}
