import type { SessionState } from "./state";
import { studentViewParts, type StudentViewContext } from "./views";

/**
 * Every student's view as JSON text, for a broadcast to many phones: exactly `JSON.stringify(studentViews(state,
 * ctx)(playerId))`, built from fragments encoded once per call. The parts all phones share (the session, the
 * revealed round's curve, the leaderboard, the network) are encoded once; per phone only its own small pieces (me,
 * its guess, its result, verdict and calibration, which leaderboard row is its own, its gates) are encoded and spliced in.
 * Returns a function from player id to text (undefined for unknown or kicked players); each player's text is built
 * once and reused for every device of theirs.
 */
export function studentViewsJson(state: SessionState, ctx: StudentViewContext): (playerId: string) => string | undefined {
  const parts = studentViewParts(state, ctx);
  const head = `{"seq":${json(parts.seq)},"serverNow":${json(parts.serverNow)},"session":${json(parts.session)},"me":`;
  const roundHead = parts.round && openObject(parts.round);
  const lockedIn = json(parts.lockedIn);
  const revealHead = parts.reveal && openObject(parts.reveal);
  const leaderboard = leaderboardJson(parts.top.map(({ playerId, ...entry }) => ({ playerId, head: openObject(entry) })));
  const network = json(parts.network);
  const done = new Map<string, string | undefined>();

  const encode = (playerId: string): string | undefined => {
    const player = parts.player(playerId);
    if (!player) return undefined;
    const mine = parts.mine(playerId);
    const round = roundHead === null ? "null" : `${roundHead}"myGuess":${json(parts.myGuess(playerId))},"lockedIn":${lockedIn}}`;
    const reveal = revealHead === null ? "null" : `${revealHead}"mine":${json(mine)},"verdict":${json(parts.verdict(mine))},"calibration":${json(parts.calibration(playerId))}}`;
    return (
      `${head}${json(parts.me(playerId, player))},"round":${round},"reveal":${reveal},"leaderboard":${leaderboard(playerId)}` +
      `,"network":${network},"gates":${json(parts.gates(playerId))}}`
    );
  };
  return (playerId) => {
    if (!done.has(playerId)) done.set(playerId, encode(playerId));
    return done.get(playerId);
  };
}

/** JSON text of a value that is never undefined (whose key JSON.stringify would drop from an object). */
function json(value: NonNullable<unknown> | null): string {
  return JSON.stringify(value);
}

/** An object's JSON without its closing brace, ready for more members: `{"a":1,` (`{` for an empty object). */
function openObject(value: object): string {
  const text = json(value);
  return text === "{}" ? "{" : `${text.slice(0, -1)},`;
}

/**
 * The leaderboard rows with `isMe`: one text for every phone not on it, and one per row for the phone whose row it
 * is (at most the leaderboard's length of them, built when first asked for).
 */
function leaderboardJson(rows: { playerId: string; head: string }[]): (playerId: string) => string {
  const list = (me: string | null) => `[${rows.map((row) => `${row.head}"isMe":${row.playerId === me}}`).join(",")}]`;
  const nobody = list(null);
  const own = new Map<string, string>();
  const onBoard = new Set(rows.map((row) => row.playerId));
  return (playerId) => {
    if (!onBoard.has(playerId)) return nobody;
    let text = own.get(playerId);
    if (text === undefined) own.set(playerId, (text = list(playerId)));
    return text;
  };
}
