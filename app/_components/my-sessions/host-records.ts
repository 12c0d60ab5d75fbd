"use client";
import { useMemo, useSyncExternalStore } from "react";
import { hostSessions, type HostSessionRecord } from "@/app/_lib/stored-credentials";

/**
 * app/_lib/stored-credentials.ts can save and read host records but not remove one, so forgetting writes the list
 * back under the same key. Keep this in step with HOST_SESSIONS_KEY there.
 */
const HOST_SESSIONS_KEY = "backprop-live:host-sessions";
/** Same-tab change notice: the "storage" event only reaches other tabs. */
const CHANGED = "backprop-live:host-sessions-changed";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/** The sessions this browser created (newest first), or null while rendering on the server and hydrating. */
export function useHostRecords(): HostSessionRecord[] | null {
  // A string snapshot: useSyncExternalStore compares with Object.is, and hostSessions() returns a new array each call.
  const raw = useSyncExternalStore(subscribe, () => JSON.stringify(hostSessions()), () => null);
  return useMemo(() => (raw === null ? null : (JSON.parse(raw) as HostSessionRecord[]).sort((a, b) => b.createdAt - a.createdAt)), [raw]);
}

/** Removes a session's record (and with it this browser's host key for it). */
export function forgetHostSession(sessionId: string): void {
  try {
    window.localStorage.setItem(HOST_SESSIONS_KEY, JSON.stringify(hostSessions().filter((s) => s.sessionId !== sessionId)));
  } catch {
    // Storage blocked: nothing was kept there either.
  }
  window.dispatchEvent(new Event(CHANGED));
}
