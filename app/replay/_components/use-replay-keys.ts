"use client";
import { useEffect, useEffectEvent } from "react";
import type { ReplayCursor } from "./use-replay-cursor";

/** Elements that already give these keys a meaning of their own (typing, choosing, pressing). */
const OWNS_SPACE = "input, select, textarea, button, a, summary, [role=button], [role=radio], [role=tab], [role=option], [role=listbox]";
const OWNS_ARROWS = "input, select, textarea, [role=radiogroup], [role=radio], [role=tab], [role=listbox], [role=option]";

/**
 * ←/→ previous/next frame, Space play/pause, Home/End first/last frame, anywhere on the page — except where the
 * focused control uses the key itself (the range input moves the same cursor natively; a list picks its item).
 */
export function useReplayKeys(cursor: ReplayCursor, count: number): void {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (e.key === " ") {
      if (target?.closest(OWNS_SPACE)) return;
      e.preventDefault();
      cursor.toggle();
      return;
    }
    if (target?.closest(OWNS_ARROWS)) return;
    const move =
      e.key === "ArrowRight" ? () => cursor.step(1)
      : e.key === "ArrowLeft" ? () => cursor.step(-1)
      : e.key === "Home" ? () => cursor.go(0)
      : e.key === "End" ? () => cursor.go(count - 1)
      : null;
    if (!move) return;
    e.preventDefault();
    move();
  });

  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}
