"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type DragEvent } from "react";
import { Notice } from "@/app/_components/ui/notice";
import { saveHostSession } from "@/app/_lib/stored-credentials";
import { importLog } from "./import-log";

/**
 * Import a session export (the JSON from "Session log"): pick a file or drop it on the box. The server checks it
 * against the live rules and rebuilds it under a new id as a read-only replay; this browser keeps its host key, and
 * the replay opens. A refusal (too large, too many imports, a log that breaks the rules) shows the server's message.
 */
export function ImportSession() {
  const router = useRouter();
  const inputId = useId();
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ file: string; message: string } | null>(null);

  async function take(file: File | undefined) {
    if (!file || busy) return;
    setBusy(file.name);
    setProblem(null);
    const outcome = await importLog(file);
    if (outcome.ok) {
      saveHostSession(outcome.record);
      router.push(`/replay/${encodeURIComponent(outcome.record.sessionId)}`);
      return; // stay busy until the replay replaces this page
    }
    setProblem({ file: file.name, message: outcome.message });
    setBusy(null);
  }

  const onDrop = (e: DragEvent<HTMLLabelElement>) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files[0]);
  };

  return (
    <div className="flex flex-col gap-3">
      <label
        htmlFor={inputId}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="import-drop-zone"
        className={`flex min-h-40 cursor-pointer flex-col items-center justify-center gap-2 rounded-2xl border-3 border-dashed p-6 text-center has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand ${
          over ? "border-brand bg-sky-50 dark:border-sky-300 dark:bg-slate-800" : "border-slate-400 bg-white dark:border-slate-600 dark:bg-slate-900"
        }`}
      >
        <span className="text-xl font-semibold">{busy ? `Importing ${busy}…` : "Drop a session log here"}</span>
        <span className="text-base text-slate-700 dark:text-slate-300">
          or <span className="font-semibold text-brand underline underline-offset-4 dark:text-sky-300">choose a .json file</span> exported from
          Backprop Live
        </span>
        <span className="text-sm text-slate-700 dark:text-slate-300">
          It becomes a replay here: nobody can join it, and “Continue from here” starts a new live session from any step.
        </span>
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          className="sr-only"
          disabled={busy !== null}
          onChange={(e) => {
            void take(e.target.files?.[0]);
            e.target.value = ""; // choosing the same file again after a failure must fire again
          }}
        />
      </label>
      <div aria-live="polite">
        {problem && (
          <Notice tone="error" role="alert" title={`${problem.file} was not imported`}>
            <p>{problem.message}</p>
          </Notice>
        )}
      </div>
    </div>
  );
}
