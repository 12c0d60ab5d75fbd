import { AlphaSchema, BetaSchema, GuessKind, NicknameSchema, type HostCommandName } from "@/lib/protocol";
import { nicknameKey } from "@/lib/protocol/nickname-key";
import {
  applyEvent,
  decide,
  initialState,
  openRound,
  scoreRound,
  type HostCommand,
  type SessionCommand,
  type SessionEvent,
  type SessionState,
  type StoredEvent,
} from "@/lib/session";

/** Why an imported log was refused; the message names the event. */
export class ImportRuleError extends Error {}

export type ImportRuleOptions = {
  /** This installation's MAX_PLAYERS_PER_SESSION: an import cannot hold more than a live session could. */
  maxPlayers: number;
  /** Guesses one player may submit in one round (Limits.guessesPerRound). */
  guessesPerRound: number;
};

const PLAYER_ID = /^[A-Za-z0-9_-]{4,64}$/;

/**
 * Checks an imported log by playing it again: every event is turned back into the command that produced it, that
 * command goes through the live server's own decide() on the state folded so far, and what decide() produces must be
 * exactly the recorded event(s). So an import passes the same rules as live input (a guess only in an open round by
 * a joined, unkicked player, α within the session's range, k and steps within limits, no join after the session
 * ended, …), every round is re-scored by the engine, every step and checksum is recomputed, and a single forged
 * number anywhere refuses the whole log. Runs in the archive worker: it is as slow as the lesson was long.
 */
export async function replayImport(events: readonly StoredEvent[], options: ImportRuleOptions): Promise<SessionState> {
  const first = events[0];
  if (first.event.type !== "session.created") throw new ImportRuleError("The log must start with session.created");
  if (first.event.maxPlayers > options.maxPlayers)
    throw new ImportRuleError(`The log allows ${first.event.maxPlayers} players; this server allows at most ${options.maxPlayers}`);
  let state: SessionState;
  try {
    state = initialState(first);
  } catch (error) {
    throw new ImportRuleError(`Event 1 (session.created): ${(error as Error).message}`);
  }
  for (let i = 1; i < events.length; ) {
    const stored = events[i];
    const where = `Event ${stored.seq} (${stored.event.type})`;
    const command = commandFor(state, stored.event, where);
    const reseed = stored.event.type === "network.reset" ? stored.event.seed : null;
    const decision = await decide(state, command, {
      now: stored.at,
      // The live per-round guess cap applies to imports too (GUESS_LIMIT refuses the log).
      guessesPerRound: options.guessesPerRound,
      // Imported players have no tokens here: every join is a first join.
      playerIdForToken: () => undefined,
      score: async (s, input) => scoreRound(s.engine, input),
      newSeed: () => reseed ?? state.config.seed,
    });
    if ("ok" in decision) throw new ImportRuleError(`${where}: ${decision.message} (${decision.code})`);
    if (decision.events.length === 0) throw new ImportRuleError(`${where}: this event would not have happened here`);
    for (const [j, produced] of decision.events.entries()) {
      const recorded = events[i + j];
      if (!recorded) throw new ImportRuleError(`${where}: the log ends in the middle of it`);
      const label = `Event ${recorded.seq} (${recorded.event.type})`;
      if (recorded.at !== stored.at) throw new ImportRuleError(`${label}: written at a different time than the command it belongs to`);
      const difference = firstDifference(produced, recorded.event);
      if (difference !== null)
        throw new ImportRuleError(`${label}: ${difference ? `"${difference}"` : "the event"} does not match what this server computes (forged or from an incompatible version)`);
      try {
        applyEvent(state, recorded);
      } catch (error) {
        throw new ImportRuleError(`${label}: ${(error as Error).message}`);
      }
    }
    i += decision.events.length;
  }
  if (state.integrity.length > 0) throw new ImportRuleError(`The log does not reproduce: ${state.integrity.length} checksum mismatch(es)`);
  return state;
}

/** The command that, given the state before it, produced this event (the first of its decision). */
function commandFor(state: SessionState, event: SessionEvent, where: string): SessionCommand {
  const host = <K extends HostCommandName>(command: Omit<HostCommand<K>, "kind">): HostCommand<K> => ({ kind: "host", ...command });
  switch (event.type) {
    case "session.created":
      throw new ImportRuleError(`${where}: a log has one session.created, at its start`);
    case "player.joined": {
      if (!PLAYER_ID.test(event.playerId)) throw new ImportRuleError(`${where}: not a player id`);
      if (state.players.has(event.playerId)) throw new ImportRuleError(`${where}: player ${event.playerId} joined twice`);
      const nickname = NicknameSchema.safeParse(event.nickname);
      if (!nickname.success) throw new ImportRuleError(`${where}: nickname refused: ${nickname.error.issues[0]?.message ?? "invalid"}`);
      if (nickname.data !== event.nickname) throw new ImportRuleError(`${where}: the nickname is not in the form the server stores`);
      return { kind: "join", player: { id: event.playerId, nickname: event.nickname, nicknameKey: nicknameKey(event.nickname), tokenHash: "" } };
    }
    case "player.kicked":
      return host({ name: "player:kick", payload: { playerId: event.playerId } });
    case "session.locked":
      return host({ name: "session:lock", payload: { locked: event.locked } });
    case "round.opened":
      if (event.guess === GuessKind.beta) {
        if (event.alpha === undefined || !AlphaSchema.safeParse(event.alpha).success)
          throw new ImportRuleError(`${where}: a β round's fixed α must be a finite number above 0`);
        return host({ name: "round:open", payload: { timerSeconds: event.timerSeconds, k: event.k, guess: GuessKind.beta, alpha: event.alpha } });
      }
      // An α round written with the optional fields (this server never does) would not match what decide produces.
      return host({ name: "round:open", payload: { timerSeconds: event.timerSeconds, k: event.k } });
    case "guess.submitted":
      // In a β round the stored α-named field holds the β (events.ts round.opened).
      if (openRound(state)?.guess === GuessKind.beta) {
        if (!BetaSchema.safeParse(event.alpha).success) throw new ImportRuleError(`${where}: β must be a number from 0 to 0.999`);
        return { kind: "guess", playerId: event.playerId, beta: event.alpha };
      }
      if (!AlphaSchema.safeParse(event.alpha).success) throw new ImportRuleError(`${where}: α must be a finite number above 0`);
      return { kind: "guess", playerId: event.playerId, alpha: event.alpha };
    case "round.closed":
      if (event.reason === "timer") return { kind: "timer-close", round: event.round };
      return host(event.reason === "end" ? { name: "session:end", payload: undefined } : { name: "round:close", payload: undefined });
    case "round.revealed":
      return host({ name: "round:reveal", payload: undefined });
    case "network.stepped":
      if (!AlphaSchema.safeParse(event.alpha).success) throw new ImportRuleError(`${where}: α must be a finite number above 0`);
      if (event.policy === "run") return host({ name: "network:run", payload: { alpha: event.alpha, steps: event.requestedSteps } });
      return host({
        name: "network:step",
        payload: {
          policy: event.policy,
          ...(event.policy === "host" ? { alpha: event.alpha } : {}),
          ...(event.policy === "player" && event.playerId !== null ? { playerId: event.playerId } : {}),
        },
      });
    case "session.paused":
      return host({ name: "session:pause", payload: undefined });
    case "session.resumed":
      return host({ name: "session:resume", payload: undefined });
    case "network.reset":
      return host({ name: "network:reset", payload: { seed: event.seed === state.config.seed ? "same" : "new" } });
    case "session.ended":
      return host({ name: "session:end", payload: undefined });
  }
}

/**
 * Null when equal; otherwise the path of the first difference ("" for the whole value). Numbers compare with ===
 * (JSON has no -0, so a recomputed -0 equals an exported 0); keys whose value is undefined count as absent.
 */
export function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  if (typeof a === "number" && typeof b === "number") return a === b ? null : path;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b ? null : path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) {
    const d = firstDifference(ra[key], rb[key], path ? `${path}.${key}` : key);
    if (d !== null) return d;
  }
  return null;
}
