"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveHostSession } from "@/app/_lib/stored-credentials";
import { Button } from "@/app/_components/ui/button";
import { CreateSessionResponseSchema } from "@/lib/protocol";

function messageOf(body: unknown, status: number): string {
  return body && typeof body === "object" && "message" in body && typeof body.message === "string"
    ? body.message
    : `The server answered with status ${status}.`;
}

/**
 * "Continue from here": a NEW live session whose network starts from the exact weights after event `seq` of this one.
 * Its host token is saved in this browser like any session created here, then the console opens.
 */
export function ContinueButton({ sessionId, seq, disabled }: { sessionId: string; seq: number; disabled: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function start() {
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch("/api/sessions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ continueFrom: { sessionId, seq } }),
      });
      const body: unknown = await response.json().catch(() => null);
      const created = CreateSessionResponseSchema.safeParse(body);
      if (response.status !== 201 || !created.success) {
        setProblem(messageOf(body, response.status));
        setBusy(false);
        return;
      }
      const c = created.data;
      saveHostSession({ sessionId: c.sessionId, hostToken: c.hostToken, joinCode: c.joinCode, scenario: c.config.scenario, title: c.config.name, createdAt: Date.now() });
      router.push(`/host/${c.sessionId}`);
      // Stay busy until the console replaces this page.
    } catch {
      setProblem("Could not reach the server. Check the connection and try again.");
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        onClick={start}
        disabled={disabled || busy}
        title="Continue from here as a new live session: its network starts with the weights of this moment"
      >
        {busy ? (
          "Starting…"
        ) : (
          <span>
            Continue from here<span className="sr-only"> as a new live session</span>
          </span>
        )}
      </Button>
      {problem && (
        <p role="alert" className="max-w-md text-sm font-semibold text-orange-800 dark:text-orange-300">
          {problem}
        </p>
      )}
    </div>
  );
}
