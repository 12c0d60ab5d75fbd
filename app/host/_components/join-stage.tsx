import type { HostView } from "@/lib/protocol";
import { QrCode } from "./qr-code";

/** The join URL without the scheme: shorter to read off a projector, and browsers add https:// by themselves. */
function readableUrl(url: string): string {
  return url.replace(/^https?:\/\//, "");
}

/**
 * The lobby: how to join, as large as the stage allows. The code is spaced into two groups of three so it can be
 * read aloud; the QR code is the same join URL. Nothing here reveals the host token.
 */
export function JoinStage({ session, playerCount }: { session: HostView["session"]; playerCount: number }) {
  const code = session.joinCode;
  return (
    <div className="@container grid h-full min-h-0 grid-cols-[minmax(0,1fr)_auto] items-center gap-[4cqw] px-[3cqw]">
      <div className="flex min-w-0 flex-col gap-3">
        <p className="text-2xl font-semibold text-slate-700 @4xl:text-3xl dark:text-slate-300">Join on your phone at</p>
        <p className="text-[clamp(1.5rem,2.9cqw,3rem)] leading-tight font-bold break-words text-brand dark:text-sky-300" data-testid="join-url">
          {/* Line breaks only after a slash, never inside the code. */}
          {readableUrl(session.joinUrl)
            .split("/")
            .map((part, i) => (
              <span key={i}>
                {i > 0 && "/"}
                {i > 0 && <wbr />}
                {part}
              </span>
            ))}
        </p>
        <p className="mt-2 text-2xl font-semibold text-slate-700 @4xl:text-3xl dark:text-slate-300">with the code</p>
        <p
          className="font-mono text-[clamp(3rem,8.5cqw,9rem)] leading-none font-black tracking-[0.1em] whitespace-nowrap text-slate-950 dark:text-white"
          aria-label={`Join code ${code.split("").join(" ")}`}
          data-testid="join-code"
        >
          {code.slice(0, 3)}
          <span className="inline-block w-[0.35em]" aria-hidden />
          {code.slice(3)}
        </p>
        <p className="mt-2 text-2xl text-slate-700 @4xl:text-3xl dark:text-slate-300" aria-live="polite">
          <strong className="tabular-nums text-slate-950 dark:text-white">{playerCount}</strong> {playerCount === 1 ? "student has" : "students have"} joined
          {session.locked && <span className="ml-3 rounded-lg bg-amber-100 px-2 text-xl font-semibold text-amber-950 dark:bg-amber-900 dark:text-amber-50">joining is locked</span>}
        </p>
      </div>
      <div className="aspect-square h-full max-h-[min(100%,36rem)] shrink-0 p-1" data-testid="join-qr">
        <QrCode value={session.joinUrl} label={`QR code for ${session.joinUrl}`} />
      </div>
    </div>
  );
}
