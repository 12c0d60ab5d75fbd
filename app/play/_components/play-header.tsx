import { ConnectionBadge, type ConnectionStatus } from "@/app/_components/ui/connection-badge";

type Props = { code: string; title: string | null; nickname: string | null; connection: ConnectionStatus | null };

/** Session, player and link state in one compact bar; the connection badge is hidden once it no longer matters. */
export function PlayHeader({ code, title, nickname, connection }: Props) {
  return (
    <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-semibold text-brand dark:text-sky-300">{title ?? "Backprop Live"}</p>
        <p className="truncate text-sm text-slate-700 dark:text-slate-300">
          {nickname ? (
            <>
              <span className="font-semibold text-ink dark:text-slate-100">{nickname}</span> ·{" "}
            </>
          ) : null}
          <span className="sr-only">Join code </span>
          <span className="font-mono tracking-wider">{code}</span>
        </p>
      </div>
      {connection ? <ConnectionBadge status={connection} /> : null}
    </header>
  );
}
