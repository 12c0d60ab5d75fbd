/**
 * Selection over a list in join order, for removing a wave of junk joins at once: a click toggles one, a shift-click
 * sets everything between the last clicked item (the anchor) and this one to the anchor's new state.
 */
export type RangeSelection = { selected: ReadonlySet<string>; anchor: string | null };

export const emptySelection: RangeSelection = { selected: new Set(), anchor: null };

export function toggleOne(selection: RangeSelection, id: string): RangeSelection {
  const selected = new Set(selection.selected);
  if (selected.has(id)) selected.delete(id);
  else selected.add(id);
  return { selected, anchor: id };
}

export function toggleRange(selection: RangeSelection, order: readonly string[], id: string): RangeSelection {
  const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  const to = order.indexOf(id);
  if (from < 0 || to < 0) return toggleOne(selection, id);
  const on = selection.selected.has(selection.anchor!);
  const selected = new Set(selection.selected);
  for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
    if (on) selected.add(order[i]);
    else selected.delete(order[i]);
  }
  return { selected, anchor: id };
}

/** Everyone who joined after `id` (not `id` itself) is added: "the wave started after this real student". */
export function selectAfter(selection: RangeSelection, order: readonly string[], id: string): RangeSelection {
  const start = order.indexOf(id);
  if (start < 0) return selection;
  const selected = new Set(selection.selected);
  for (const later of order.slice(start + 1)) selected.add(later);
  return { selected, anchor: selection.anchor };
}

/** Drops ids that are no longer in the list (removed meanwhile). */
export function keepOnly(selection: RangeSelection, order: readonly string[]): RangeSelection {
  const present = new Set(order);
  if ([...selection.selected].every((id) => present.has(id)) && (selection.anchor === null || present.has(selection.anchor))) return selection;
  return {
    selected: new Set([...selection.selected].filter((id) => present.has(id))),
    anchor: selection.anchor !== null && present.has(selection.anchor) ? selection.anchor : null,
  };
}

/** Ids in list order, in chunks a single command can carry (well under the 1,000-id cap and the message size). */
export function removalChunks(selection: RangeSelection, order: readonly string[], size = 500): string[][] {
  const ids = order.filter((id) => selection.selected.has(id));
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  return chunks;
}
