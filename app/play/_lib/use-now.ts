"use client";
import { useSyncExternalStore } from "react";

/**
 * One shared 250 ms clock for countdowns. Rendering must stay pure (no Date.now() in render), so the time lives in a
 * tiny external store that only ticks while some component listens.
 */
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    // React re-reads the snapshot right after subscribing, so the first frame after mounting shows a fresh time.
    now = Date.now();
    timer = setInterval(tick, 250);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getSnapshot = () => now;
const getServerSnapshot = () => 0;

/** Local epoch milliseconds, refreshed 4× a second while mounted; 0 before the first tick. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
