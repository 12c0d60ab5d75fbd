import { parseConfig } from "@/lib/engine";
import { SessionRulesSchema, type SessionRulesInput } from "@/lib/protocol";
import {
  applyEvent,
  initialState,
  openRound,
  roundScoringInput,
  scoreRound,
  type SessionEvent,
  type SessionState,
  type StoredEvent,
} from "@/lib/session";

/**
 * A lesson written straight as events (no server, no database, no decide): each helper appends the event the live
 * server would write, scoring and stepping with the same lib/session functions, and folds it. Good enough for tests
 * of what the fold and the views make of a log; tests of the rules themselves go through decide.
 */
export function pureLesson(options: { rules?: SessionRulesInput; config?: object } = {}) {
  let now = 1_764_000_000_000;
  const config = parseConfig({ scenario: "one-weight", seed: 3, ...options.config });
  const rules = SessionRulesSchema.parse(options.rules ?? {});
  const events: StoredEvent[] = [{ seq: 1, at: now, event: { type: "session.created", config, rules, maxPlayers: 1000 } }];
  const state: SessionState = initialState(events[0]);
  const append = (event: SessionEvent) => {
    now += 1000;
    const stored = { seq: state.seq + 1, at: now, event };
    applyEvent(state, stored);
    events.push(stored);
  };

  const lesson = {
    state,
    events,
    join(playerId: string, nickname = playerId) {
      append({ type: "player.joined", playerId, nickname });
      return lesson;
    },
    open(k = 1) {
      append({ type: "round.opened", round: state.rounds.length + 1, k, timerSeconds: null, deadline: null });
      return lesson;
    },
    /** A β round at a fixed α (the session's config must have momentum on). */
    openBeta(k: number, alpha: number) {
      append({ type: "round.opened", round: state.rounds.length + 1, k, timerSeconds: null, deadline: null, guess: "beta", alpha });
      return lesson;
    },
    /** A guess: an α, or a β in a β round (stored in the same field). */
    guess(playerId: string, alpha: number) {
      append({ type: "guess.submitted", round: openRound(state)!.number, playerId, alpha });
      return lesson;
    },
    close(reason: "host" | "timer" | "end" = "host") {
      const round = openRound(state)!;
      const scoring = scoreRound(state.engine, roundScoringInput(state, round, now + 1000));
      append({ type: "round.closed", round: round.number, reason, scoring });
      return lesson;
    },
    reveal() {
      append({ type: "round.revealed", round: state.rounds.at(-1)!.number });
      return lesson;
    },
    kick(playerId: string) {
      append({ type: "player.kicked", playerId });
      return lesson;
    },
    end() {
      if (openRound(state)) lesson.close("end").reveal();
      append({ type: "session.ended" });
      return lesson;
    },
  };
  return lesson;
}
