"use client";
import { ChainRuleView } from "@/app/_components/pictures/chain-rule-view";
import type { EngineState } from "@/lib/engine";
import { ConsoleButton } from "./console-button";

/** The chain rule of the selected link, on the big stage while the instructor explains backpropagation. */
export function ChainRuleStage({
  state,
  paramIndex,
  sampleIndex,
  onSampleChange,
  onClose,
}: {
  state: EngineState;
  paramIndex: number;
  sampleIndex: number;
  onSampleChange: (index: number) => void;
  onClose: () => void;
}) {
  return (
    <div className="flex h-full min-h-0 flex-col gap-2 overflow-auto" data-testid="chain-rule">
      <div className="flex items-center gap-3">
        <p className="text-lg font-semibold uppercase tracking-widest text-brand dark:text-sky-300">Backpropagation, one link</p>
        <ConsoleButton tone="quiet" className="ml-auto" onClick={onClose}>
          Close chain rule ✕
        </ConsoleButton>
      </div>
      <ChainRuleView state={state} paramIndex={paramIndex} sampleIndex={sampleIndex} onSampleChange={onSampleChange} />
    </div>
  );
}
