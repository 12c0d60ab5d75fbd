"use client";
import { ConnectionBadge, type ConnectionStatus as BadgeStatus } from "@/app/_components/ui/connection-badge";
import type { HostView } from "@/lib/protocol";
import type { ConnectionStatus } from "./use-host-connection";
import { Toggle } from "@/app/_components/ui/toggle";

const BADGE: Record<ConnectionStatus, BadgeStatus> = {
  connecting: "connecting",
  online: "connected",
  offline: "reconnecting",
  refused: "offline",
};

const STATUS_LOOK: Record<HostView["session"]["status"], { label: string; className: string }> = {
  lobby: { label: "Lobby", className: "bg-sky-100 text-sky-950 dark:bg-sky-900 dark:text-sky-50" },
  live: { label: "Live", className: "bg-emerald-100 text-emerald-950 dark:bg-emerald-900 dark:text-emerald-50" },
  paused: { label: "❚❚ Paused", className: "bg-amber-100 text-amber-950 dark:bg-amber-800 dark:text-amber-50" },
  ended: { label: "Ended", className: "bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50" },
};

export type HeaderToggles = {
  anonymise: boolean;
  onAnonymise: (v: boolean) => void;
  dark: boolean;
  onDark: (v: boolean) => void;
  presenter: boolean;
  onPresenter: (v: boolean) => void;
  joinShown: boolean;
  onJoinShown: (v: boolean) => void;
};

/** Session title and state, the join code (a button that brings the join screen back), connection and view toggles. */
export function ConsoleHeader({
  view,
  connection,
  problem,
  playerCount,
  toggles,
}: {
  view: HostView;
  connection: ConnectionStatus;
  problem: string | null;
  playerCount: number;
  toggles: HeaderToggles;
}) {
  const look = STATUS_LOOK[view.session.status];
  const code = view.session.joinCode;
  return (
    <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex min-w-0 flex-1 items-center gap-3">
        <span className="hidden shrink-0 text-sm font-bold uppercase tracking-widest text-brand 2xl:inline dark:text-sky-300">Backprop Live</span>
        <h1 className="min-w-0 truncate text-xl font-bold 2xl:text-2xl">{view.session.config.name}</h1>
        <span className={`shrink-0 rounded-full px-3 py-0.5 text-base font-semibold ${look.className}`} data-testid="session-status">
          {look.label}
        </span>
      </div>
      <button
        type="button"
        aria-pressed={toggles.joinShown}
        onClick={() => toggles.onJoinShown(!toggles.joinShown)}
        title={toggles.joinShown ? "Hide the join screen" : "Show the join screen (code and QR) on the stage"}
        className="flex items-center gap-2 rounded-xl border-2 border-brand px-3 py-1 text-lg font-semibold focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand dark:border-sky-300 dark:focus-visible:outline-sky-300"
      >
        <span className="text-base text-slate-700 dark:text-slate-300">Join code</span>
        <span className="font-mono text-2xl font-black tracking-widest">{code}</span>
        {view.session.locked && <span className="text-base text-amber-900 dark:text-amber-200">(locked)</span>}
      </button>
      <span className="text-lg font-semibold tabular-nums" data-testid="player-count">
        {playerCount} {playerCount === 1 ? "student" : "students"}
      </span>
      <ConnectionBadge status={BADGE[connection]} detail={problem ?? undefined} />
      <div className="flex items-center gap-2" role="group" aria-label="View options">
        <Toggle pressed={toggles.anonymise} onChange={toggles.onAnonymise} title="Show pseudonyms instead of nicknames on screen">
          Pseudonyms
        </Toggle>
        <Toggle pressed={toggles.dark} onChange={toggles.onDark} title="Dark theme">
          Dark
        </Toggle>
        <Toggle pressed={toggles.presenter} onChange={toggles.onPresenter} title="Fit everything on one screen (for a projector)">
          Presenter
        </Toggle>
      </div>
    </header>
  );
}
