"use client";
import Link from "next/link";
import { PICTURE_THEME } from "@/app/_components/pictures/picture-colors";
import { ConsoleView } from "./console-view";
import { useHostConnection } from "./use-host-connection";
import { useHostRecord } from "./use-host-record";
import { usePreferences } from "@/app/_lib/use-preferences";

function Message({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-2xl flex-col justify-center gap-4 px-6">
      <p className="text-sm font-bold uppercase tracking-widest text-brand dark:text-sky-300">Backprop Live · instructor console</p>
      <h1 className="text-3xl font-bold sm:text-4xl">{title}</h1>
      <div className="flex flex-col gap-3 text-lg text-slate-700 dark:text-slate-300">{children}</div>
    </main>
  );
}

const HOME_LINK =
  "inline-flex min-h-11 w-fit items-center rounded-xl bg-brand px-5 text-lg font-semibold text-white hover:bg-[#094b8e] focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-brand";

function Attached({ sessionId, hostToken, joinCode }: { sessionId: string; hostToken: string; joinCode?: string }) {
  const connection = useHostConnection(sessionId, hostToken, joinCode);
  const [prefs, setPrefs] = usePreferences();
  if (connection.status === "refused" && !connection.view)
    return (
      <Message title="This console cannot open the session">
        <p>The server said: {connection.problem}</p>
        <Link href="/" className={HOME_LINK}>
          Go to the start page
        </Link>
      </Message>
    );
  if (!connection.view)
    return (
      <Message title="Connecting to your session…">
        <p role="status">Attaching the console. If this takes long, check that the server is running.</p>
      </Message>
    );
  return <ConsoleView view={connection.view} connection={connection} prefs={prefs} setPrefs={setPrefs} />;
}

/**
 * The instructor console for one session. The host token comes from this browser's storage (saved when it
 * created the session), never from the URL, so the address on the projector gives nobody control.
 */
export function HostConsole({ sessionId }: { sessionId: string }) {
  const record = useHostRecord(sessionId);
  const [prefs] = usePreferences();
  const dark = prefs.theme === "dark";
  return (
    <div className={`${dark ? "dark" : ""} ${PICTURE_THEME}`} style={{ colorScheme: dark ? "dark" : "light" }}>
      <div className="min-h-dvh bg-slate-100 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
        {record === undefined ? (
          <Message title="Opening the console…">
            <p role="status">Looking for this session&rsquo;s host key in this browser.</p>
          </Message>
        ) : record === null ? (
          <Message title="This browser did not create this session">
            <p>
              Only the browser that created a session can run it: its host key is kept in that browser, never in the link,
              so that nobody who sees the address on the projector can take over.
            </p>
            <p>Open the console on the computer you created the session with, or start a new session.</p>
            <Link href="/" className={HOME_LINK}>
              Start a new session
            </Link>
          </Message>
        ) : (
          <Attached sessionId={sessionId} hostToken={record.hostToken} joinCode={record.joinCode} />
        )}
      </div>
    </div>
  );
}
