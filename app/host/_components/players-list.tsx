"use client";
import { useMemo, useState } from "react";
import type { Gate, HostView } from "@/lib/protocol";
import { BulkRemoveBar } from "./bulk-remove-bar";
import type { Exec } from "./command-runner";
import { ConfirmDialog } from "./confirm-dialog";
import { emptySelection, keepOnly, toggleOne, toggleRange, type RangeSelection } from "./range-selection";

type Player = HostView["players"][number];

/**
 * Everyone in the session: connected or not (a filled or hollow dot, and words for screen readers), whether they
 * have answered the open round, their points, and a remove button that asks first. "Select" mode adds checkboxes
 * (shift-click for a range in join order) to remove a wave of junk joins in one action.
 */
export function PlayersList({
  players,
  nameOf,
  roundOpen,
  kickGate,
  exec,
}: {
  players: readonly Player[];
  nameOf: (playerId: string) => string;
  roundOpen: boolean;
  kickGate: Gate;
  exec: Exec;
}) {
  const [pending, setPending] = useState<Player | null>(null);
  const [selecting, setSelecting] = useState(false);
  const [rawSelection, setSelection] = useState<RangeSelection>(emptySelection);
  const active = useMemo(() => players.filter((p) => !p.kicked), [players]);
  const order = useMemo(() => active.map((p) => p.id), [active]);
  // Players removed meanwhile (by this console or another) drop out of the selection.
  const selection = keepOnly(rawSelection, order);
  if (active.length === 0)
    return <p className="p-2 text-lg text-slate-700 dark:text-slate-300">Nobody has joined yet. Share the code on the screen.</p>;

  return (
    <>
      <BulkRemoveBar
        selecting={selecting}
        onSelecting={(on) => {
          setSelecting(on);
          setSelection(emptySelection);
        }}
        selection={selection}
        setSelection={setSelection}
        order={order}
        nameOf={nameOf}
        kickGate={kickGate}
        exec={exec}
      />
      <ul className="flex flex-col gap-1" aria-label="Players" data-testid="players-list">
        {active.map((p) => (
          <li key={p.id} className="flex min-h-11 items-center gap-3 rounded-lg px-2 odd:bg-slate-50 dark:odd:bg-slate-800/60">
            {selecting && (
              <input
                type="checkbox"
                className="size-5 shrink-0 accent-[#b34700]"
                checked={selection.selected.has(p.id)}
                aria-label={`Select ${nameOf(p.id)}`}
                // onClick, not onChange: it carries shiftKey for range selection (keyboard Space clicks too).
                onClick={(e) => setSelection((s) => (e.shiftKey ? toggleRange(keepOnly(s, order), order, p.id) : toggleOne(s, p.id)))}
                onChange={() => undefined}
              />
            )}
            <span
              aria-hidden
              className={`inline-block size-3 shrink-0 rounded-full ${p.connected ? "bg-accent" : "border-2 border-slate-500"}`}
            />
            <span className="sr-only">{p.connected ? "connected" : "disconnected"}</span>
            <span className="min-w-0 flex-1 truncate text-lg font-medium">{nameOf(p.id)}</span>
            {roundOpen && (
              <span
                className={`text-sm font-semibold ${p.answered ? "text-emerald-800 dark:text-emerald-300" : "text-slate-600 dark:text-slate-400"}`}
              >
                {p.answered ? "✓ answered" : "thinking…"}
              </span>
            )}
            <span className="w-16 text-right tabular-nums text-slate-700 dark:text-slate-300">{p.total.toLocaleString("en")}</span>
            {!selecting && (
              <button
                type="button"
                disabled={!kickGate.ok}
                title={kickGate.ok ? `Remove ${nameOf(p.id)} from the session` : kickGate.why}
                aria-label={`Remove ${nameOf(p.id)}`}
                onClick={() => setPending(p)}
                className="rounded-md px-2 py-1 text-sm font-semibold text-[#9a3d00] hover:bg-orange-50 focus-visible:outline-3 focus-visible:outline-brand disabled:text-slate-500 dark:text-orange-300 dark:hover:bg-slate-800"
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={pending !== null}
        title={pending ? `Remove ${nameOf(pending.id)}?` : "Remove player?"}
        confirmLabel="Remove"
        onCancel={() => setPending(null)}
        onConfirm={() => {
          const player = pending;
          setPending(null);
          if (player) void exec("player:kick", { playerId: player.id }, () => `${nameOf(player.id)} was removed`);
        }}
      >
        Their phone is disconnected from this session and their name stays taken. Their points are removed from the
        leaderboard.
      </ConfirmDialog>
    </>
  );
}
