"use client";
import { useMemo } from "react";
import { deserializeState, type EngineState } from "@/lib/engine";
import type { HostView } from "@/lib/protocol";

/**
 * The engine state rebuilt in the browser, for drawing. useHostConnection keeps `view.engine` the same object while
 * the checksum is unchanged, so this (and every picture memoised on its result) recomputes only after a real change.
 */
export function useEngineState(engine: HostView["engine"]): EngineState {
  return useMemo(() => deserializeState(engine), [engine]);
}
