import type { Network, ParamEntry } from "@/lib/engine";

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const subscript = (n: number) => [...String(n)].map((c) => SUB[Number(c)]).join("");

/**
 * Short neuron names used in the diagram and the chain rule: x₁, x₂ for inputs, ŷ for the output, and h1…h8 for a
 * single hidden layer (h2.3 = layer 2, neuron 3 when there are several). Numbering starts at 1 for people.
 */
export function neuronName(net: Network, layer: number, index: number): string {
  const last = net.layers.length - 1;
  if (layer === 0) return net.inputDim === 1 ? "x" : `x${subscript(index + 1)}`;
  if (layer === last) return "ŷ";
  return last > 2 ? `h${layer}.${index + 1}` : `h${index + 1}`;
}

/** "w: x₁ → h3" or "bias of h3"; for the one-weight and line-fit models just "w" and "b". */
export function paramName(net: Network, entry: ParamEntry): string {
  if (net.paramCount <= 2) return entry.from === "bias" ? "b" : "w";
  if (entry.from === "bias") return `bias of ${neuronName(net, entry.layer, entry.to)}`;
  return `w: ${neuronName(net, entry.layer - 1, entry.from)} → ${neuronName(net, entry.layer, entry.to)}`;
}

/** Column heading for a layer: what it is, and (second line) how it squashes. */
export function layerTitle(net: Network, layer: number): { name: string; detail: string | null } {
  const last = net.layers.length - 1;
  const l = net.layers[layer];
  if (layer === 0) return { name: l.size === 1 ? "input" : "inputs", detail: null };
  const detail = l.activation === "sigmoid" ? "sigmoid σ" : l.activation;
  if (layer === last) return { name: "output", detail };
  return { name: last > 2 ? `hidden ${layer}` : "hidden", detail };
}
