"use client";
import type { ReactNode } from "react";
import { useElementSize, type Size } from "./use-element-size";

/**
 * A box that fills its parent and renders an SVG of exactly its pixel size once known (nothing before, so the
 * first paint never shows a picture at the wrong scale).
 */
export function SizedSvg({
  label,
  role = "img",
  children,
  className = "",
  svgProps,
}: {
  label: string;
  role?: "img" | "none";
  children: (size: Size) => ReactNode;
  className?: string;
  svgProps?: React.SVGProps<SVGSVGElement>;
}) {
  const [ref, size] = useElementSize<HTMLDivElement>();
  return (
    <div ref={ref} className={`relative h-full min-h-0 w-full min-w-0 overflow-hidden ${className}`}>
      {size && size.width > 40 && size.height > 40 && (
        <svg
          width={size.width}
          height={size.height}
          viewBox={`0 0 ${size.width} ${size.height}`}
          className="absolute inset-0"
          role={role === "img" ? "img" : undefined}
          aria-label={role === "img" ? label : undefined}
          {...svgProps}
        >
          {children(size)}
        </svg>
      )}
    </div>
  );
}
