"use client";
import type { KeyboardEvent } from "react";
import type { EngineState } from "@/lib/engine";
import { formatSigned } from "./format-number";
import { layerTitle, neuronName, paramName } from "./param-names";
import { PICTURE_COLORS } from "./picture-colors";
import { SizedSvg } from "./sized-svg";
import type { Size } from "./use-element-size";

export type DiagramMode = "weights" | "gradients";

type Point = { x: number; y: number };
type Layout = { pos: Point[][]; r: number; titleY: number };

const TITLE_H = 46;
const BOTTOM = 12;

/** Neuron positions in pixels: layers as evenly spaced columns, each column centred vertically. */
function layout(state: EngineState, size: Size, tiny: boolean): Layout {
  const layers = state.network.layers;
  const last = layers.length - 1;
  const widest = state.network.maxWidth;
  const usable = size.height - TITLE_H - BOTTOM;
  const r = Math.max(11, Math.min(24, usable / (widest * 2.5)));
  const spacing = widest > 1 ? Math.min(r * 3.4, (usable - 2 * r - 8) / (widest - 1)) : 0;
  const side = Math.max(r + 40, 56);
  // Tiny models sit a little higher, leaving room for the bias value under the output neuron.
  const midY = TITLE_H + usable * (tiny ? 0.42 : 0.5) + 4;
  const pos = layers.map((l) =>
    Array.from({ length: l.size }, (_, j) => ({
      x: side + (l.layer * (size.width - 2 * side)) / Math.max(1, last),
      y: midY + (j - (l.size - 1) / 2) * spacing,
    })),
  );
  return { pos, r, titleY: 16 };
}

const colourOf = (v: number) => (v >= 0 ? PICTURE_COLORS.positive : PICTURE_COLORS.negative);
const HALO = { stroke: PICTURE_COLORS.surface, strokeWidth: 5, paintOrder: "stroke" } as const;

/**
 * The network as neurons and links. Colour = sign (blue positive, vermillion negative, which is also dashed so a
 * grey-scale projector keeps the difference), thickness = size relative to the largest. In "gradients" mode the
 * same drawing shows ∂J/∂w instead of w. Biases are the small tabs on the neurons.
 *
 * It is a listbox of parameters: click a link or tab, or focus the drawing and use the arrow keys.
 */
export function NetworkDiagram({
  state,
  mode,
  selected,
  onSelect,
}: {
  state: EngineState;
  mode: DiagramMode;
  /** Index in the parameter vector, or null. */
  selected: number | null;
  onSelect: (index: number) => void;
}) {
  const net = state.network;
  const values = mode === "weights" ? state.params : state.gradient;
  const entries = net.paramEntries;
  const weightMax = Math.max(1e-12, ...entries.filter((e) => e.from !== "bias").map((e) => Math.abs(values[e.index])));
  const labelAll = entries.length <= 3;
  const tiny = net.paramCount <= 2;
  const idFor = (index: number) => `param-${index}`;
  const symbol = (name: string) => (mode === "weights" ? name : `∂J/∂${name}`);

  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const current = selected ?? -1;
    const n = entries.length;
    let next: number | null = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (current + 1) % n;
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = current <= 0 ? n - 1 : current - 1;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = n - 1;
    if (next !== null) {
      event.preventDefault();
      onSelect(next);
    }
  };

  return (
    <SizedSvg
      label="Network diagram"
      role="none"
      className="rounded-lg has-[svg:focus-visible]:ring-4 has-[svg:focus-visible]:ring-brand dark:has-[svg:focus-visible]:ring-sky-300"
      svgProps={{
        role: "listbox",
        "aria-label": `Network diagram showing ${mode === "weights" ? "weights" : "gradients ∂J/∂w"}. Use the arrow keys to pick a weight or bias.`,
        "aria-activedescendant": selected !== null ? idFor(selected) : undefined,
        tabIndex: 0,
        onKeyDown,
        className: "absolute inset-0 outline-none",
      }}
    >
      {(size) => {
        const { pos, r, titleY } = layout(state, size, tiny);
        const last = net.layers.length - 1;
        const tab = { w: Math.max(12, r * 0.95), h: Math.max(9, r * 0.7) };
        return (
          <>
            {net.layers.map((l) => (
              <text
                key={`title-${l.layer}`}
                x={pos[l.layer][0].x}
                y={titleY}
                textAnchor={l.layer === 0 ? "start" : l.layer === last ? "end" : "middle"}
                dx={l.layer === 0 ? -r : l.layer === last ? r : 0}
                fontSize={15}
                fill={PICTURE_COLORS.muted}
              >
                <tspan fontWeight={600} fill={PICTURE_COLORS.ink}>
                  {layerTitle(net, l.layer).name}
                </tspan>
                {layerTitle(net, l.layer).detail && (
                  <tspan x={pos[l.layer][0].x} dx={l.layer === 0 ? -r : l.layer === last ? r : 0} dy={17}>
                    {layerTitle(net, l.layer).detail}
                  </tspan>
                )}
              </text>
            ))}

            {entries.map((e) => {
              if (e.from === "bias") return null;
              const a = pos[e.layer - 1][e.from];
              const b = pos[e.layer][e.to];
              const v = values[e.index];
              const isSelected = selected === e.index;
              const width = 1.5 + (tiny ? 8 : 7) * Math.sqrt(Math.abs(v) / weightMax);
              const name = paramName(net, e);
              return (
                <g key={e.index} id={idFor(e.index)} role="option" aria-selected={isSelected} aria-label={`${symbol(name)} = ${formatSigned(v)}`} onClick={() => onSelect(e.index)} className="cursor-pointer">
                  <title>{`${symbol(name)} = ${formatSigned(v)}`}</title>
                  {isSelected && <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke={PICTURE_COLORS.ink} strokeWidth={width + 8} strokeLinecap="round" opacity={0.85} />}
                  <line
                    x1={a.x}
                    y1={a.y}
                    x2={b.x}
                    y2={b.y}
                    stroke={colourOf(v)}
                    strokeWidth={width}
                    strokeDasharray={v < 0 ? "9 5" : undefined}
                    strokeLinecap={v < 0 ? "butt" : "round"}
                  />
                  {/* A wide invisible copy makes thin links easy to hit with a mouse. */}
                  <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="transparent" strokeWidth={16} />
                </g>
              );
            })}

            {net.layers.map((l) =>
              pos[l.layer].map((p, j) => (
                <g key={`n-${l.layer}-${j}`}>
                  <circle cx={p.x} cy={p.y} r={r} fill={PICTURE_COLORS.surface} stroke={PICTURE_COLORS.ink} strokeWidth={2} />
                  <text x={p.x} y={p.y + Math.min(16, r * 0.72) * 0.36} textAnchor="middle" fontSize={Math.min(17, Math.max(11, r * 0.72))} fill={PICTURE_COLORS.ink} fontWeight={600}>
                    {neuronName(net, l.layer, j)}
                  </text>
                </g>
              )),
            )}

            {entries.map((e) => {
              if (e.from !== "bias") return null;
              const p = pos[e.layer][e.to];
              const v = values[e.index];
              const isSelected = selected === e.index;
              const name = paramName(net, e);
              const x = p.x + r * 0.55;
              const y = p.y - r - tab.h * 0.35;
              return (
                <g key={e.index} id={idFor(e.index)} role="option" aria-selected={isSelected} aria-label={`${symbol(name)} = ${formatSigned(v)}`} onClick={() => onSelect(e.index)} className="cursor-pointer">
                  <title>{`${symbol(name)} = ${formatSigned(v)}`}</title>
                  <rect x={x} y={y} width={tab.w} height={tab.h} rx={3} fill={colourOf(v)} stroke={isSelected ? PICTURE_COLORS.ink : PICTURE_COLORS.surface} strokeWidth={isSelected ? 3.5 : 1.5} />
                  <rect x={x - 5} y={y - 5} width={tab.w + 10} height={tab.h + 10} fill="transparent" />
                </g>
              );
            })}

            {entries.map((e) => {
              if (!(labelAll || selected === e.index)) return null;
              const v = values[e.index];
              const text = tiny ? `${symbol(paramName(net, e))} = ${formatSigned(v)}` : formatSigned(v);
              if (e.from === "bias") {
                const p = pos[e.layer][e.to];
                // Below the neuron: above it would collide with the column title.
                return (
                  <text
                    key={`label-${e.index}`}
                    x={Math.min(p.x, size.width - 70)}
                    y={p.y + r + 22}
                    textAnchor="middle" fontSize={17} fontWeight={700} fill={PICTURE_COLORS.ink} {...HALO} pointerEvents="none">
                    {text}
                  </text>
                );
              }
              const a = pos[e.layer - 1][e.from];
              const b = pos[e.layer][e.to];
              return (
                <text key={`label-${e.index}`} x={(a.x + b.x) / 2} y={(a.y + b.y) / 2 - 14} textAnchor="middle" fontSize={17} fontWeight={700} fill={PICTURE_COLORS.ink} {...HALO} pointerEvents="none">
                  {text}
                </text>
              );
            })}
          </>
        );
      }}
    </SizedSvg>
  );
}
