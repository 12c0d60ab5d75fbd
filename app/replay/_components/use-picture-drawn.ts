"use client";
import { useEffect, useState, type RefObject } from "react";

/**
 * True once an SVG picture is in the page inside `root` (pictures size themselves after mounting, so "rendered" is
 * not "drawn"). The page puts data-replay-ready on itself from this; the replay benchmark waits for it.
 * A MutationObserver sees the picture the moment it is inserted, without polling frame by frame.
 */
export function usePictureDrawn(root: RefObject<HTMLElement | null>, selector: string, enabled: boolean): boolean {
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    const element = root.current;
    if (!enabled || drawn || !element) return;
    const found = () => element.querySelector(selector) !== null;
    if (found()) {
      // Already there (a picture that rendered at its initial size): report it after this commit, not during it.
      const frame = requestAnimationFrame(() => setDrawn(true));
      return () => cancelAnimationFrame(frame);
    }
    const observer = new MutationObserver(() => {
      if (!found()) return;
      observer.disconnect();
      setDrawn(true);
    });
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [root, selector, enabled, drawn]);
  return drawn;
}
