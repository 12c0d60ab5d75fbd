"use client";
import { useState } from "react";
import { NetworkDiagram, type DiagramMode } from "@/app/_components/pictures/network-diagram";
import { NetworkLegend } from "@/app/_components/panels/network-legend";
import { Panel } from "@/app/_components/panels/panel";
import { Segmented } from "@/app/_components/ui/segmented";
import type { EngineState } from "@/lib/engine";

const MODES = [
  { value: "weights", label: "weights" },
  { value: "gradients", label: "gradients" },
] as const satisfies readonly { value: DiagramMode; label: string }[];

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
        <NetworkLegend paramCount={state.network.paramCount} />
        {/* Down here rather than in the title row, which a third of a laptop screen is too narrow for. */}
        <span className="ml-auto">
          <Segmented kind="radios" itemClassName="py-0.5" label="Show on the links" value={mode} options={MODES} onChange={setMode} />
        </span>
      </div>
    </Panel>
  );
}
