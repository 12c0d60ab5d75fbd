"use client";
import { useCallback, useSyncExternalStore } from "react";

/** Console preferences kept in this browser: the theme and whether to use the fit-the-screen presenter layout. */
export type Preferences = { theme: "light" | "dark"; presenter: boolean };

const KEY = "backprop-live:host-preferences";
const DEFAULTS: Preferences = { theme: "light", presenter: true };
const listeners = new Set<() => void>();
let cachedRaw: string | null | undefined;
let cached: Preferences = DEFAULTS;
/** Fallback store when localStorage is blocked (private mode): lasts until the tab closes. */
let memory: string | null = null;

function read(): Preferences {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {
    raw = memory;
  }
  if (raw === cachedRaw) return cached;
  cachedRaw = raw;
  try {
    const parsed = raw ? (JSON.parse(raw) as Partial<Preferences>) : {};
    cached = {
      theme: parsed.theme === "dark" ? "dark" : parsed.theme === "light" ? "light" : systemTheme(),
      presenter: typeof parsed.presenter === "boolean" ? parsed.presenter : DEFAULTS.presenter,
    };
  } catch {
    cached = DEFAULTS;
  }
  return cached;
}

function systemTheme(): Preferences["theme"] {
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** Preferences and a setter that remembers them (other console tabs follow through the storage event). */
export function usePreferences(): [Preferences, (change: Partial<Preferences>) => void] {
  const prefs = useSyncExternalStore(subscribe, read, () => DEFAULTS);
  const update = useCallback((change: Partial<Preferences>) => {
    const next = JSON.stringify({ ...read(), ...change });
    memory = next;
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // Storage blocked: `memory` keeps it for this tab.
    }
    for (const l of listeners) l();
  }, []);
  return [prefs, update];
}
