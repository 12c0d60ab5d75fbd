"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/app/_components/ui/button";
import { joinCodeProblem, normalizeJoinCode } from "./join-code";

/** Code input → /play/<CODE>. Accepts lower case, spaces and dashes, like the server's JoinCodeSchema. */
export function JoinForm({ initialCode = "", compact = false }: { initialCode?: string; compact?: boolean }) {
  const router = useRouter();
  const id = useId();
  const [raw, setRaw] = useState(initialCode);
  const [error, setError] = useState<string | null>(null);
  const [going, setGoing] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = normalizeJoinCode(raw);
    if (!code) {
      setError(joinCodeProblem(raw));
      return;
    }
    setError(null);
    setGoing(true);
    router.push(`/play/${code}`);
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-2" aria-label="Join a session">
      <label htmlFor={`${id}-code`} className={compact ? "text-base font-semibold" : "text-lg font-semibold"}>
        Join code
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={`${id}-code`}
          name="code"
          value={raw}
          onChange={(e) => {
            setRaw(e.target.value);
            setError(null);
          }}
          placeholder="K7P 2QX"
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          maxLength={32}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          className="min-h-14 min-w-0 flex-1 basis-40 rounded-xl border-2 border-slate-400 bg-white px-4 font-mono text-2xl tracking-[0.15em] uppercase text-ink placeholder:tracking-normal placeholder:normal-case placeholder:text-slate-500 focus:border-brand focus:outline-3 focus:outline-offset-1 focus:outline-brand/30 aria-invalid:border-negative dark:bg-slate-900 dark:text-slate-100"
        />
        <Button type="submit" size="lg" disabled={going} className="grow sm:grow-0">
          {going ? "Opening…" : "Join"}
        </Button>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-base font-medium text-orange-800 dark:text-orange-300">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-sm text-slate-700 dark:text-slate-300">
          6 letters or digits, shown on the projector. Spaces and lower case are fine.
        </p>
      )}
    </form>
  );
}
