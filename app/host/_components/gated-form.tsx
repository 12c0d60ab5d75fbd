import type { ReactNode } from "react";
import type { ButtonGate } from "./console-button";

/** A row of fields and its submit button: Enter (or the button) runs `onRun` only while the gate is open. */
export function GatedForm({ gate, onRun, children }: { gate: ButtonGate; onRun: () => void; children: ReactNode }) {
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (gate.ok) onRun();
      }}
    >
      {children}
    </form>
  );
}
