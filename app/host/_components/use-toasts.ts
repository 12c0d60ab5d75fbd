"use client";
import { useCallback, useEffect, useRef, useState } from "react";

export type Toast = { id: number; tone: "error" | "success" | "info"; text: string };

const LIFETIME_MS: Record<Toast["tone"], number> = { error: 8000, success: 4500, info: 4500 };
const MAX_TOASTS = 4;

/** Short-lived messages, mainly command failures (errors stay longer than the rest). */
export function useToasts(): { toasts: Toast[]; push: (tone: Toast["tone"], text: string) => void; dismiss: (id: number) => void } {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((t) => t.id !== id));
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const push = useCallback(
    (tone: Toast["tone"], text: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list, { id, tone, text }].slice(-MAX_TOASTS));
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), LIFETIME_MS[tone]),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);

  return { toasts, push, dismiss };
}
