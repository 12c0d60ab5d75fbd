export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline";

const looks: Record<ConnectionStatus, { label: string; dot: string }> = {
  connecting: { label: "Connecting…", dot: "size-3 rounded-full border-2 border-warn border-t-transparent motion-safe:animate-spin" },
  connected: { label: "Connected", dot: "size-3 rounded-full bg-accent" },
  reconnecting: { label: "Reconnecting…", dot: "size-3 rounded-full border-2 border-warn border-t-transparent motion-safe:animate-spin" },
  offline: { label: "Offline", dot: "size-3 rotate-45 bg-negative" },
};

/**
 * Where the live link stands. Shape (dot, spinner, diamond) and words carry the state, not only colour.
 * It is a polite live region: a screen reader hears "Reconnecting…" and "Connected" as they happen.
 */
export function ConnectionBadge({ status, detail }: { status: ConnectionStatus; detail?: string }) {
  const look = looks[status];
  return (
    <span
      role="status"
      aria-live="polite"
      className="inline-flex min-h-8 shrink-0 items-center gap-2 rounded-full border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      title={detail}
    >
      <span aria-hidden="true" className={`inline-block ${look.dot}`} />
      {look.label}
    </span>
  );
}
