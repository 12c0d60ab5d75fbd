"use client";
import { useEffect, useRef, useState } from "react";

export type Size = { width: number; height: number };

/**
 * The pixel size of an element, kept up to date. The hand-drawn SVG pictures lay themselves out in real pixels
 * with it, so their text keeps its size (a scaled viewBox would shrink 15 px labels to 8 px in a small panel).
 */
export function useElementSize<T extends HTMLElement>(): [React.RefObject<T | null>, Size | null] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState<Size | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      setSize((s) => (s && Math.abs(s.width - width) < 0.5 && Math.abs(s.height - height) < 0.5 ? s : { width, height }));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
