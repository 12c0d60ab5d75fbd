"use client";
import type { ActivationName, HiddenLayer } from "@/lib/engine";
import { Button } from "@/app/_components/ui/button";
import { ACTIVATIONS } from "./session-options";

type Props = {
  layers: HiddenLayer[];
  onChange: (layers: HiddenLayer[]) => void;
  maxLayers: number;
  maxNeurons: number;
  /** "inputs → … → output" reads differently for classes and curves. */
  outputWord: string;
  errorId?: string;
};

const selectClass =
  "min-h-11 rounded-lg border-2 border-slate-400 bg-white px-2 text-base text-ink focus:border-brand focus:outline-3 focus:outline-brand/30 dark:bg-slate-900 dark:text-slate-100";

/** Up to maxLayers rows of (neurons, activation); zero layers is allowed and means a single output neuron. */
export function HiddenLayersEditor({ layers, onChange, maxLayers, maxNeurons, outputWord, errorId }: Props) {
  const set = (i: number, patch: Partial<HiddenLayer>) => onChange(layers.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={errorId}>
      <legend className="text-base font-semibold">Hidden layers</legend>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {layers.length === 0
          ? `No hidden layer: the inputs go straight to one ${outputWord} neuron.`
          : `Network: inputs → ${layers.map((l) => l.neurons).join(" → ")} → ${outputWord}`}
      </p>
      <ol className="flex flex-col gap-2">
        {layers.map((layer, i) => (
          <li key={i} className="grid grid-cols-2 gap-2 rounded-xl border border-slate-300 p-2 sm:grid-cols-[auto_1fr_1fr_auto] sm:items-end dark:border-slate-700">
            <span className="self-center font-semibold">Layer {i + 1}</span>
            <Button
              variant="quiet"
              className="justify-self-end sm:order-last"
              onClick={() => onChange(layers.filter((_, j) => j !== i))}
              aria-label={`Remove layer ${i + 1}`}
            >
              Remove
            </Button>
            <label className="flex flex-col gap-1">
              <span className="text-sm">Neurons</span>
              <select className={selectClass} value={layer.neurons} onChange={(e) => set(i, { neurons: Number(e.target.value) })}>
                {Array.from({ length: maxNeurons }, (_, n) => n + 1).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1">
              <span className="text-sm">Activation</span>
              <select
                className={selectClass}
                value={layer.activation}
                onChange={(e) => set(i, { activation: e.target.value as ActivationName })}
              >
                {ACTIVATIONS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ol>
      <Button
        variant="secondary"
        className="self-start"
        disabled={layers.length >= maxLayers}
        onClick={() => onChange([...layers, { neurons: Math.min(4, maxNeurons), activation: layers.at(-1)?.activation ?? "tanh" }])}
      >
        + Add a layer{layers.length >= maxLayers ? ` (at most ${maxLayers})` : ""}
      </Button>
    </fieldset>
  );
}
