"use client";
import { useState } from "react";
import { NetworkDiagram, type DiagramMode } from "@/app/_components/pictures/network-diagram";
import { Panel } from "@/app/_components/panels/panel";
import type { EngineState } from "@/lib/engine";

const MODES: readonly DiagramMode[] = ["weights", "gradients"];

function ModeSwitch({ mode, onChange }: { mode: DiagramMode; onChange: (mode: DiagramMode) => void }) {
  return (
    <div role="radiogroup" aria-label="Show on the links" className="inline-flex rounded-lg border border-slate-400 p-0.5 dark:border-slate-500">
      {MODES.map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={mode === m}
          onClick={() => onChange(m)}
          className={`rounded-md px-2 py-0.5 text-sm font-semibold focus-visible:outline-3 focus-visible:outline-offset-1 focus-visible:outline-brand dark:focus-visible:outline-sky-300 ${
            mode === m ? "bg-brand text-white dark:bg-sky-300 dark:text-slate-950" : "text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800"
          }`}
        >
          {m}
        </button>
      ))}
    </div>
  );
}

/**
 * The network with its weights (or gradients) at this moment, drawn like the console's. Picking a link labels its
 * value; the console's chain-rule stage is a live teaching tool and is not part of the replay.
 */
export function NetworkCard({ state }: { state: EngineState }) {
  const [mode, setMode] = useState<DiagramMode>("weights");
  const [picked, setPicked] = useState<number | null>(null);
  const selected = picked !== null && picked < state.network.paramCount ? picked : null;
  return (
    <Panel title="Network" explain="network">
      <div className="min-h-0 flex-1" data-testid="network-diagram">
        <NetworkDiagram state={state} mode={mode} selected={selected} onSelect={(i) => setPicked(i === selected ? null : i)} />
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 pt-1 text-sm text-slate-700 dark:text-slate-300">
        <span>
          <span aria-hidden className="mr-1 inline-block h-1 w-6 bg-positive align-middle" /> positive
        </span>
        <span>
          <span aria-hidden className="mr-1 inline-block w-6 border-t-4 border-dashed border-negative align-middle" /> negative
        </span>
        <span>thicker = larger{state.network.paramCount > 2 ? " · tabs = biases" : ""}</span>
        {/* Down here rather than in the title row, which a third of a laptop screen is too narrow for. */}
        <span className="ml-auto">
          <ModeSwitch mode={mode} onChange={setMode} />
        </span>
      </div>
    </Panel>
  );
}
