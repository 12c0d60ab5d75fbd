"use client";
import type { CSSProperties } from "react";
import type { GuessScale } from "../_lib/guess-scale";
import styles from "./log-slider.module.css";

type Props = {
  id: string;
  scale: GuessScale;
  index: number;
  onIndexChange: (index: number) => void;
  describedBy?: string;
};

/** Half the thumb width: tick labels sit where the thumb's centre would be for that value. */
const THUMB_HALF_PX = 18;

/**
 * A logarithmic slider for α (or for 1 − β in a β round). The input moves over grid indices (one step = one nice
 * value), so arrow keys, Page Up/Down and dragging all snap to the grid; assistive tech reads the value, not the index.
 */
export function LogSlider({ id, scale, index, onIndexChange, describedBy }: Props) {
  const { grid, labelled: shown } = scale;
  const last = grid.length - 1;
  const fraction = last > 0 ? index / last : 0;
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
        aria-valuetext={`${scale.symbol} = ${scale.format(grid[index])}`}
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
              {scale.format(grid[i])}
            </span>
          );
        })}
      </div>
    </div>
  );
}
