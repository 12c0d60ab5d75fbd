"use client";
import { NetworkDiagram, type DiagramMode } from "@/app/_components/pictures/network-diagram";
import { paramName } from "@/app/_components/pictures/param-names";
import type { EngineState } from "@/lib/engine";
import { FIELD_CLASS } from "./field";
import { NetworkLegend } from "@/app/_components/panels/network-legend";
import { Panel } from "@/app/_components/panels/panel";
import { Segmented } from "@/app/_components/ui/segmented";

const MODES = [
  { value: "weights", label: "weights" },
  { value: "gradients", label: "gradients" },
] as const;

/** The network diagram with its weights/gradients switch and a parameter picker (the keyboard way to choose a link). */
export function NetworkPanel({
  state,
  mode,
  onModeChange,
  selected,
  onSelect,
}: {
  state: EngineState;
  mode: DiagramMode;
  onModeChange: (mode: DiagramMode) => void;
  selected: number | null;
  onSelect: (index: number | null) => void;
}) {
  const net = state.network;
  return (
    <Panel title="Network" explain="network" tools={<Segmented label="Show on the links" value={mode} options={MODES} onChange={onModeChange} />}>
      <div className="min-h-0 flex-1" data-testid="network-diagram">
        <NetworkDiagram state={state} mode={mode} selected={selected} onSelect={onSelect} />
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 pt-1 text-sm text-slate-700 dark:text-slate-300">
        <NetworkLegend paramCount={net.paramCount} thickerClassName="hidden 2xl:inline" />
        <label className="ml-auto flex items-center gap-2">
          <span className="font-medium">Chain rule</span>
          <select
            className={`${FIELD_CLASS} min-h-9 max-w-48 py-0 text-sm`}
            value={selected ?? ""}
            onChange={(e) => onSelect(e.target.value === "" ? null : Number(e.target.value))}
          >
            <option value="">(pick a link)</option>
            {net.paramEntries.map((entry) => (
              <option key={entry.index} value={entry.index}>
                {paramName(net, entry)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </Panel>
  );
}
