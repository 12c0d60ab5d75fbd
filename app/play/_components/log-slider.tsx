"use client";
import type { CSSProperties } from "react";
import { decadeIndices } from "../_lib/alpha-scale";
import { formatAlpha } from "@/app/_components/pictures/format-number";
import styles from "./log-slider.module.css";

type Props = {
  id: string;
  grid: readonly number[];
  index: number;
  onIndexChange: (index: number) => void;
  describedBy?: string;
};

/** Half the thumb width: tick labels sit where the thumb's centre would be for that value. */
const THUMB_HALF_PX = 18;

/**
 * A logarithmic learning-rate slider. The input moves over grid indices (one step = one nice value), so arrow keys,
 * Page Up/Down and dragging all snap to 1, 1.5, 2, 3, 5, 7 × 10ⁿ; assistive tech reads the α value, not the index.
 */
export function LogSlider({ id, grid, index, onIndexChange, describedBy }: Props) {
  const last = grid.length - 1;
  const fraction = last > 0 ? index / last : 0;
  const ticks = decadeIndices(grid);
  // Thin the labels on narrow ranges of many decades so they never overlap on a 320 px track.
  const shown = ticks.length > 6 ? ticks.filter((_, i) => i % 2 === 0) : ticks;
  return (
    <div className="flex flex-col">
      <input
        id={id}
        type="range"
        min={0}
        max={last}
        step={1}
        value={index}
        onChange={(e) => onIndexChange(Number(e.target.value))}
        aria-valuetext={`α = ${formatAlpha(grid[index])}`}
        aria-describedby={describedBy}
        className={styles.slider}
        style={{ "--fill": `${fraction * 100}%` } as CSSProperties}
      />
      <div aria-hidden="true" className="relative h-6 text-sm text-slate-700 tabular-nums dark:text-slate-300">
        {shown.map((i) => {
          const f = last > 0 ? i / last : 0;
          // Centred under the thumb position; the page's side padding leaves room for the outermost half-labels.
          return (
            <span
              key={i}
              className="absolute top-0 whitespace-nowrap"
              style={{ left: `calc(${THUMB_HALF_PX}px + ${f} * (100% - ${2 * THUMB_HALF_PX}px))`, transform: "translateX(-50%)" }}
            >
              {formatAlpha(grid[i])}
            </span>
          );
        })}
      </div>
    </div>
  );
}
