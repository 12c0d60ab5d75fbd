import type { HostView } from "@/lib/protocol";

/** How a read of the round's results compares with the acknowledged guesses. */
export type Check = { label: string; lost: number; extra: number; detail: string[] };

/** Every acknowledged guess (the last α each phone was acknowledged for) must be in the round's results and guesses. */
export function compareResults(label: string, view: HostView | null, round: number, expected: Map<string, number>): Check {
  const detail: string[] = [];
  if (!view || view.round?.number !== round || !view.round.results) {
    return { label, lost: expected.size, extra: 0, detail: [`no results for round ${round} in the host view (round ${view?.round?.number}, ${view?.round?.status})`] };
  }
  const results = new Map(view.round.results.map((r) => [r.playerId, r.alpha]));
  const guesses = new Map(view.round.guesses.map((g) => [g.playerId, g.alpha]));
  let lost = 0;
  for (const [playerId, alpha] of expected) {
    const got = results.get(playerId);
    const guessed = guesses.get(playerId);
    if (got !== alpha || guessed !== alpha) {
      lost++;
      if (detail.length < 5) detail.push(`${playerId}: acknowledged α=${alpha}, results α=${got}, guesses α=${guessed}`);
    }
  }
  const extra = [...results.keys()].filter((id) => !expected.has(id)).length;
  if (results.size !== expected.size) detail.push(`results length ${results.size}, acknowledged ${expected.size}`);
  return { label, lost, extra, detail };
}

/** One check over several sessions: their losses and extras summed, the first few details kept (prefixed by session). */
export function mergeChecks(label: string, perSession: readonly Check[]): Check {
  const prefix = (k: number, line: string) => (perSession.length > 1 ? `session ${k}: ${line}` : line);
  return {
    label,
    lost: perSession.reduce((n, c) => n + c.lost, 0),
    extra: perSession.reduce((n, c) => n + c.extra, 0),
    detail: perSession.flatMap((c, k) => c.detail.map((line) => prefix(k, line))).slice(0, 8),
  };
}
