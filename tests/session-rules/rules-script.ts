import { checksum, parseConfig } from "@/lib/engine";
import { SessionRulesSchema, type AckError, type CommandRequestParsed, type CommandResponse, type HostCommandName, type SessionRulesInput } from "@/lib/protocol";
import {
  applyEvent,
  decide,
  initialState,
  scoreRound,
  type DecideContext,
  type Decision,
  type GuessResponse,
  type JoinResponse,
  type RoundScoring,
  type RoundScoringInput,
  type SessionCommand,
  type SessionState,
  type StoredEvent,
} from "@/lib/session";

/**
 * A session driven through lib/session alone (no server, no database): a fake clock that moves 1 s per command, a
 * deterministic fake scorer (score falls with the distance from α = 0.1 in decades, α ≥ 5 diverges; in a β round
 * from β = 0.9 on β's scale, β ≥ 0.995 diverges), and the fold.
 */
export const START = 1_764_000_000_000;
export const GUESS_CAP = 3;

export function fakeScore(state: SessionState, input: RoundScoringInput): RoundScoring {
  const beta = input.guess === "beta";
  const outcomes = input.guesses.map((g) => {
    const diverged = beta ? g.alpha >= 0.995 : g.alpha >= 5;
    const distance = beta ? Math.abs(Math.log10((1 - g.alpha) / 0.1)) : Math.abs(Math.log10(g.alpha) + 1);
    const baseScore = diverged ? 0 : Math.round(1000 / (1 + distance));
    return { playerId: g.playerId, alpha: g.alpha, loss: diverged ? null : distance, diverged, baseScore, bonus: 0, score: baseScore, answeredAfter: (g.at - input.openedAt) / 1000 };
  });
  const ranked = [...outcomes].sort((a, b) => (a.loss ?? Infinity) - (b.loss ?? Infinity));
  return {
    k: input.k,
    lossBefore: 1,
    bestAlpha: beta ? 0.9 : 0.1,
    bestLoss: 0,
    curve: [],
    results: outcomes.map((o) => ({ ...o, rank: ranked.indexOf(o) + 1 })),
    checksum: checksum(state.engine),
  };
}

export type Script = {
  readonly state: SessionState;
  readonly events: StoredEvent[];
  now: number;
  ctx(): DecideContext;
  /** Tokens the "room" already knows (tokenHash → player id). */
  tokens: Map<string, string>;
  /** Decides and, when accepted, folds the events in (as a room does after storing them). */
  run(command: SessionCommand): Promise<Decision | AckError>;
  host<K extends HostCommandName>(name: K, payload: CommandRequestParsed<K>): Promise<Decision<CommandResponse<K>> | AckError>;
  join(id: string, nickname?: string): Promise<Decision<JoinResponse> | AckError>;
  guess(playerId: string, alpha: number): Promise<Decision<GuessResponse> | AckError>;
  /** A β guess (for β rounds). */
  guessBeta(playerId: string, beta: number): Promise<Decision<GuessResponse> | AckError>;
};

/**
 * `config`: fields over the one-weight scenario with seed 3 (e.g. `{ optimizer: { kind: "momentum", beta: 0.9 } }`);
 * `scorer: "engine"` scores rounds as the server does (lib/session scoreRound) instead of with fakeScore.
 */
export function script(options: { rules?: SessionRulesInput; maxPlayers?: number; config?: object; scorer?: "fake" | "engine" } = {}): Script {
  const config = parseConfig({ scenario: "one-weight", seed: 3, ...options.config });
  const first: StoredEvent = {
    seq: 1,
    at: START,
    event: { type: "session.created", config, rules: SessionRulesSchema.parse(options.rules ?? {}), maxPlayers: options.maxPlayers ?? 100 },
  };
  const state = initialState(first);
  const events = [first];
  const tokens = new Map<string, string>();
  let seeds = 1000;
  const s: Script = {
    state,
    events,
    now: START,
    tokens,
    ctx: () => ({
      now: s.now,
      guessesPerRound: GUESS_CAP,
      playerIdForToken: (hash) => tokens.get(hash),
      score: async (st, input) => (options.scorer === "engine" ? scoreRound(st.engine, input) : fakeScore(st, input)),
      newSeed: () => ++seeds,
    }),
    run: (command) => step((ctx) => decide(state, command, ctx)),
    host: (name, payload) => step((ctx) => decide(state, { kind: "host", name, payload }, ctx)),
    join: (id, nickname = id) =>
      step((ctx) => decide(state, { kind: "join", player: { id, nickname, nicknameKey: nickname.toLowerCase(), tokenHash: `token-${id}` } }, ctx)),
    guess: (playerId, alpha) => step((ctx) => decide(state, { kind: "guess", playerId, alpha }, ctx)),
    guessBeta: (playerId, beta) => step((ctx) => decide(state, { kind: "guess", playerId, beta }, ctx)),
  };
  async function step<R extends object>(decideWith: (ctx: DecideContext) => Promise<Decision<R> | AckError>) {
    s.now += 1000;
    const decision = await decideWith(s.ctx());
    if ("ok" in decision) return decision;
    for (const event of decision.events) {
      const stored = { seq: state.seq + 1, at: s.now, event };
      applyEvent(state, stored);
      events.push(stored);
    }
    if (decision.newPlayer) tokens.set(decision.newPlayer.tokenHash, decision.newPlayer.id);
    return decision;
  }
  return s;
}

/** Unwraps an accepted decision, failing the test with the refusal otherwise. */
export function accepted<R extends object>(decision: Decision<R> | AckError): Decision<R> {
  if ("ok" in decision) throw new Error(`refused: ${decision.code} ${decision.message}`);
  return decision;
}
