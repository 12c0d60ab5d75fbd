import type { HostPatch, HostView } from "@/lib/protocol";

/**
 * The console's view as a stream: one snapshot, then patches that carry only what changed (see lib/protocol/host-patch.ts
 * for the format). `diffHostView` runs on the server for every flush; `applyHostPatch` runs in the console and in every
 * test or bench client, so the two ends can never disagree about what a patch means. The contract, tested over whole
 * lessons: applyHostPatch(a, diffHostView(a, b, …)) deep-equals b.
 */

type Player = HostView["players"][number];
type Round = NonNullable<HostView["round"]>;
type PlayerFields = Omit<Player, "answered">;

const PLAYER_FIELDS = ["id", "nickname", "pseudonym", "connected", "kicked", "total"] as const satisfies readonly (keyof PlayerFields)[];
const WHOLE_FIELDS = ["session", "roundCount", "leaderboard", "calibrationBoard", "history", "engine", "checksum", "gates"] as const satisfies readonly (keyof HostView &
  keyof HostPatch)[];
const ROUND_FIELDS = [
  "number",
  "status",
  "k",
  "guess",
  "fixedAlpha",
  "deadline",
  "pausedRemainingMs",
  "timerSeconds",
  "openedAt",
  "reveal",
  "results",
  "insight",
] as const satisfies readonly (keyof Round)[];

/**
 * Deep equality of JSON-like values, stopping at shared references (a view reuses the state's config, the engine's
 * serialisation and its history copy). Stricter than comparing JSON texts (a key holding undefined counts), which
 * errs only towards sending a field that did not change.
 */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  // Anything but a plain object (a typed array, say) is compared as the JSON it is sent as.
  if (!isPlainObject(a) || !isPlainObject(b)) return JSON.stringify(a) === JSON.stringify(b);
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || !same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  return true;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A player shows as having answered while a round is open and holds their guess (the host view's own rule). */
function withAnswered(players: readonly PlayerFields[], round: HostView["round"]): Player[] {
  const answered = round?.status === "open" ? new Set(round.guesses.map((g) => g.playerId)) : null;
  return players.map((p) => ({ ...p, answered: answered?.has(p.id) ?? false }));
}

/**
 * What changed from `prev` to `next`, as a patch from revision `base` to `rev`; null when nothing but the clock moved.
 * Returns null too when `next` cannot be expressed as a patch of `prev` (players reordered or removed: never in a log,
 * but a caller then sends a snapshot instead — see `needsSnapshot`).
 */
export function diffHostView(prev: HostView, next: HostView, base: number, rev: number): HostPatch | null {
  const patch: HostPatch = { base, rev, seq: next.seq, serverNow: next.serverNow };
  let changed = next.seq !== prev.seq;
  for (const field of WHOLE_FIELDS) {
    if (!same(prev[field], next[field])) {
      (patch as Record<string, unknown>)[field] = next[field];
      changed = true;
    }
  }
  const players = diffPlayers(prev.players, next.players);
  if (players) {
    patch.players = players;
    changed = true;
  }
  const round = diffRound(prev.round, next.round, next.players);
  if (round) {
    Object.assign(patch, round);
    changed = true;
  }
  return changed ? patch : null;
}

/** True when `next` is not `prev` plus appended players (so no patch can express it; a snapshot must be sent). */
export function needsSnapshot(prev: HostView, next: HostView): boolean {
  if (next.players.length < prev.players.length) return true;
  return prev.players.some((p, i) => next.players[i].id !== p.id);
}

function diffPlayers(prev: readonly Player[], next: readonly Player[]): HostPatch["players"] | null {
  const set: [number, Partial<PlayerFields>][] = [];
  for (let i = 0; i < prev.length; i++) {
    const a = prev[i];
    const b = next[i];
    let changes: Partial<PlayerFields> | undefined;
    for (const field of PLAYER_FIELDS) if (a[field] !== b[field]) (changes ??= {} as Partial<PlayerFields>)[field] = b[field] as never;
    if (changes) set.push([i, changes]);
  }
  const add = next.slice(prev.length).map(({ answered: _answered, ...rest }) => rest);
  if (set.length === 0 && add.length === 0) return null;
  return { ...(add.length > 0 ? { add } : {}), ...(set.length > 0 ? { set } : {}) };
}

type RoundChange = Pick<HostPatch, "round" | "roundPatch">;

function diffRound(prev: HostView["round"], next: HostView["round"], players: readonly Player[]): RoundChange | null {
  if (prev === null && next === null) return null;
  if (prev === null || next === null || prev.number !== next.number) return { round: next };
  const roundPatch: NonNullable<HostPatch["roundPatch"]> = {};
  let changed = false;
  for (const field of ROUND_FIELDS) {
    if (!same(prev[field], next[field])) {
      (roundPatch as Record<string, unknown>)[field] = next[field];
      changed = true;
    }
  }
  const guesses = diffGuesses(prev.guesses, next.guesses, players);
  if (guesses === "replace") return { round: next };
  if (guesses) {
    roundPatch.guesses = guesses;
    changed = true;
  }
  return changed ? { roundPatch } : null;
}

/**
 * Guesses by player index. The host view lists guesses in player order, so an ascending walk over both lists finds the
 * changes; sending gaps between indexes keeps a burst of 4,000 guesses near 20 bytes each.
 */
function diffGuesses(prev: Round["guesses"], next: Round["guesses"], players: readonly Player[]): NonNullable<HostPatch["roundPatch"]>["guesses"] | "replace" | null {
  const indexOf = new Map(players.map((p, i) => [p.id, i]));
  const toIndexed = (guesses: Round["guesses"]) => {
    const out: [number, number][] = [];
    for (const g of guesses) {
      const i = indexOf.get(g.playerId);
      if (i === undefined || (out.length > 0 && out[out.length - 1][0] >= i)) return null;
      out.push([i, g.alpha]);
    }
    return out;
  };
  const a = toIndexed(prev);
  const b = toIndexed(next);
  if (!a || !b) return "replace";
  const at: number[] = [];
  const alpha: number[] = [];
  const drop: number[] = [];
  let last = 0;
  let x = 0;
  let y = 0;
  while (x < a.length || y < b.length) {
    if (y >= b.length || (x < a.length && a[x][0] < b[y][0])) {
      drop.push(a[x++][0]);
    } else if (x >= a.length || b[y][0] < a[x][0] || !Object.is(a[x][1], b[y][1])) {
      if (x < a.length && a[x][0] === b[y][0]) x++;
      at.push(b[y][0] - last);
      last = b[y][0];
      alpha.push(b[y++][1]);
    } else {
      x++;
      y++;
    }
  }
  if (at.length === 0 && drop.length === 0) return null;
  return { at, alpha, ...(drop.length > 0 ? { drop } : {}) };
}

/** The view `patch` makes of `view` (which must be at revision patch.base; the caller checks). */
export function applyHostPatch(view: HostView, patch: HostPatch): HostView {
  const next: HostView = { ...view, seq: patch.seq, serverNow: patch.serverNow };
  for (const field of WHOLE_FIELDS) if (patch[field] !== undefined) (next as Record<string, unknown>)[field] = patch[field];

  let players: PlayerFields[] = view.players;
  if (patch.players) {
    players = view.players.slice();
    for (const [i, changes] of patch.players.set ?? []) players[i] = { ...players[i], ...changes };
    players.push(...(patch.players.add ?? []));
  }
  if (patch.round !== undefined) next.round = patch.round;
  else if (patch.roundPatch && view.round) next.round = patchRound(view.round, patch.roundPatch, players);
  next.players = withAnswered(players, next.round);
  return next;
}

function patchRound(round: Round, patch: NonNullable<HostPatch["roundPatch"]>, players: readonly PlayerFields[]): Round {
  const { guesses: guessChanges, ...fields } = patch;
  const next: Round = { ...round, ...fields };
  if (!guessChanges) return next;
  const indexOf = new Map(players.map((p, i) => [p.id, i]));
  const byIndex = new Map<number, number>();
  for (const g of round.guesses) byIndex.set(indexOf.get(g.playerId)!, g.alpha);
  for (const i of guessChanges.drop ?? []) byIndex.delete(i);
  let at = 0;
  guessChanges.at.forEach((gap, k) => {
    at += gap;
    byIndex.set(at, guessChanges.alpha[k]);
  });
  next.guesses = [...byIndex.entries()].sort((p, q) => p[0] - q[0]).map(([i, alpha]) => ({ playerId: players[i].id, alpha }));
  return next;
}

/**
 * A console's copy of its view: a snapshot from host:attach, then host:patch messages. `receive` says "resync" when a
 * patch does not build on the revision held (the console then attaches again for a fresh snapshot).
 */
export class HostViewCopy {
  view: HostView | null = null;
  rev = 0;

  snapshot(snapshot: { view: HostView; rev: number }): HostView {
    this.view = snapshot.view;
    this.rev = snapshot.rev;
    return snapshot.view;
  }

  receive(patch: HostPatch): { applied: HostView } | "resync" {
    if (!this.view || patch.base !== this.rev) return "resync";
    this.view = applyHostPatch(this.view, patch);
    this.rev = patch.rev;
    return { applied: this.view };
  }
}
