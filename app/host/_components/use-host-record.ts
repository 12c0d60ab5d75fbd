"use client";
import { useSyncExternalStore } from "react";
import { hostSession, type HostSessionRecord } from "@/app/_lib/stored-credentials";

// The record only changes when this or another tab creates a session; "storage" covers the other tab.
function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  return () => window.removeEventListener("storage", onChange);
}

/**
 * The host token this browser saved when it created the session. `undefined` while rendering on the server (and
 * during hydration), `null` when this browser did not create the session.
 */
export function useHostRecord(sessionId: string): HostSessionRecord | null | undefined {
  // useSyncExternalStore compares snapshots with Object.is, so return the token string (stable) and look the record
  // up again only when it changes.
  const token = useSyncExternalStore(
    subscribe,
    () => hostSession(sessionId)?.hostToken ?? null,
    () => undefined,
  );
  if (token === undefined) return undefined;
  if (token === null) return null;
  return hostSession(sessionId);
}
