"use client";
import { useState, type Dispatch, type SetStateAction } from "react";
import type { Gate } from "@/lib/protocol";
import type { Exec } from "./command-runner";
import { ConfirmDialog } from "./confirm-dialog";
import { ConsoleButton } from "./console-button";
import { emptySelection, removalChunks, selectAfter, type RangeSelection } from "./range-selection";

/**
 * The players list's "Select" mode controls: select all, select everyone who joined after one player (a wave of junk
 * joins comes in a block), clear, and "Remove N players" behind the confirm dialog. All plain buttons and a select,
 * so it works from the keyboard.
 */
export function BulkRemoveBar({
  selecting,
  onSelecting,
  selection,
  setSelection,
  order,
  nameOf,
  kickGate,
  exec,
}: {
  selecting: boolean;
  onSelecting: (on: boolean) => void;
  selection: RangeSelection;
  setSelection: Dispatch<SetStateAction<RangeSelection>>;
  order: readonly string[];
  nameOf: (playerId: string) => string;
  kickGate: Gate;
  exec: Exec;
}) {
  const [confirming, setConfirming] = useState(false);
  const [after, setAfter] = useState("");
  const count = selection.selected.size;

  if (!selecting)
    return (
      <div className="mb-2 flex justify-end">
        <ConsoleButton tone="quiet" gate={kickGate} onClick={() => onSelecting(true)}>
          Select…
        </ConsoleButton>
      </div>
    );

  const remove = async () => {
    const chunks = removalChunks(selection, order);
    let removed = 0;
    for (const [i, playerIds] of chunks.entries()) {
      const last = i === chunks.length - 1;
      const ok = await exec("player:kick", { playerIds }, (response) => {
        removed += response.removed ?? playerIds.length;
        return last ? `${removed.toLocaleString("en")} ${removed === 1 ? "player was" : "players were"} removed` : null;
      });
      if (!ok) break;
    }
    setSelection(emptySelection);
  };

  return (
    <div className="mb-2 flex flex-wrap items-center gap-2" role="toolbar" aria-label="Select players to remove">
      <span className="text-base font-semibold tabular-nums" aria-live="polite">
        {count.toLocaleString("en")} selected
      </span>
      <ConsoleButton tone="quiet" onClick={() => setSelection({ selected: new Set(order), anchor: null })}>
        Select all
      </ConsoleButton>
      <label className="flex items-center gap-1 text-base">
        <span>Everyone who joined after</span>
        <select
          className="min-h-11 max-w-48 rounded-lg border-2 border-slate-300 bg-white px-2 dark:border-slate-600 dark:bg-slate-900"
          value={after}
          onChange={(e) => setAfter(e.target.value)}
        >
          <option value="">choose a player…</option>
          {order.slice(0, -1).map((id) => (
            <option key={id} value={id}>
              {nameOf(id)}
            </option>
          ))}
        </select>
      </label>
      <ConsoleButton tone="quiet" disabled={!after || !order.includes(after)} onClick={() => setSelection((s) => selectAfter(s, order, after))}>
        Add them
      </ConsoleButton>
      <ConsoleButton tone="quiet" disabled={count === 0} onClick={() => setSelection(emptySelection)}>
        Clear
      </ConsoleButton>
      <ConsoleButton tone="danger" gate={kickGate} disabled={count === 0} onClick={() => setConfirming(true)}>
        Remove {count.toLocaleString("en")} {count === 1 ? "player" : "players"}
      </ConsoleButton>
      <ConsoleButton tone="quiet" onClick={() => onSelecting(false)}>
        Done
      </ConsoleButton>
      <ConfirmDialog
        open={confirming}
        title={`Remove ${count.toLocaleString("en")} ${count === 1 ? "player" : "players"}?`}
        confirmLabel="Remove"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void remove();
        }}
      >
        Their phones are disconnected from this session, their seats are freed for others and their names stay taken.
        Their points are removed from the leaderboard.
      </ConfirmDialog>
    </div>
  );
}
