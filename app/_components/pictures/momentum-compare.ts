import { useMemo } from "react";
import { isMomentum, MAX_PATH_PARAMS, momentumPaths, type EngineState, type MomentumPaths } from "@/lib/engine";
import type { HostView } from "@/lib/protocol";

/** How many steps each path of the comparison takes: enough to see momentum overshoot and curl back. */
export const COMPARISON_STEPS = 15;

export type Comparison = { alpha: number; beta?: number };

/**
 * The α (and β) the momentum-vs-plain picture uses: after a reveal the round's best α (a β round: its fixed α and the
 * best β), otherwise the α the class last stepped with. Null without momentum or before any α is known.
 */
export function comparisonOf(view: Pick<HostView, "round" | "history" | "session">): Comparison | null {
  if (!isMomentum(view.session.config)) return null;
  const reveal = view.round?.status === "revealed" ? view.round.reveal : null;
  if (reveal?.guess === "beta" && reveal.fixedAlpha !== null)
    return reveal.bestAlpha === null ? { alpha: reveal.fixedAlpha } : { alpha: reveal.fixedAlpha, beta: reveal.bestAlpha };
  if (reveal?.guess === "alpha" && reveal.bestAlpha !== null) return { alpha: reveal.bestAlpha };
  for (let i = view.history.length - 1; i >= 0; i--) {
    const alpha = view.history[i].alpha;
    if (alpha !== null) return { alpha };
  }
  return null;
}

/** Plain and momentum paths from the network's current weights (null for bigger models or without a comparison). */
export function useMomentumPaths(state: EngineState, comparison: Comparison | null | undefined): MomentumPaths | null {
  const alpha = comparison?.alpha;
  const beta = comparison?.beta;
  return useMemo(() => {
    if (alpha === undefined || state.network.paramCount > MAX_PATH_PARAMS || !isMomentum(state.config)) return null;
    try {
      return momentumPaths(state, alpha, COMPARISON_STEPS, beta);
    } catch (error) {
      // An α or β the engine refuses for a picture (out of its range): no comparison rather than a broken panel.
      if (error instanceof RangeError) return null;
      throw error;
    }
  }, [state, alpha, beta]);
}

/** Widens [lo, hi] to take in `values`, but never beyond `factor` times its span: a diverging path is clipped instead. */
export function widenRange([lo, hi]: [number, number], values: readonly number[], factor = 1.5): [number, number] {
  const span = hi - lo;
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [lo, hi];
  const min = Math.max(Math.min(lo, ...finite), lo - span * factor);
  const max = Math.min(Math.max(hi, ...finite), hi + span * factor);
  const pad = (max - min) * 0.05;
  return [min < lo ? min - pad : lo, max > hi ? max + pad : hi];
}
