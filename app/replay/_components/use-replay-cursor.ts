"use client";
import { useCallback, useEffect, useEffectEvent, useState } from "react";

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

/** At 1× the replay shows one moment per second: enough to read a label, quick enough to watch a lesson. */
const MS_PER_FRAME_AT_1X = 1000;

export type ReplayCursor = {
  index: number;
  playing: boolean;
  speed: Speed;
  go: (index: number) => void;
  step: (delta: number) => void;
  toggle: () => void;
  setSpeed: (speed: Speed) => void;
};

/**
 * Which frame is shown, and playback. `ready` is how many frames the background fold has finished: playback waits at
 * the edge of what is ready instead of showing an empty frame; moving by hand may go further (the frame then says
 * it is still being rebuilt).
 */
export function useReplayCursor(count: number, ready: number, initial = 0): ReplayCursor {
  const [index, setIndex] = useState(() => Math.min(Math.max(0, initial), count - 1));
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(1);

  const go = useCallback((i: number) => setIndex(Math.min(Math.max(0, Math.round(i)), count - 1)), [count]);
  const step = useCallback((delta: number) => setIndex((i) => Math.min(Math.max(0, i + delta), count - 1)), [count]);

  const toggle = useCallback(() => {
    // Play at the last frame starts over, as a video player does.
    if (!playing && index >= count - 1) setIndex(0);
    setPlaying(!playing);
  }, [playing, index, count]);

  const tick = useEffectEvent(() => {
    if (index >= count - 1) setPlaying(false);
    else if (index + 1 < ready) setIndex(index + 1);
  });

  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(tick, MS_PER_FRAME_AT_1X / speed);
    return () => window.clearInterval(timer);
  }, [playing, speed]);

  return { index, playing, speed, go, step, toggle, setSpeed };
}
