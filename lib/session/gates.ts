import {
  BETA_LIMITS,
  GuessKind,
  StepPolicy,
  type AckError,
  type CommandRequestParsed,
  type Gate,
  type HostCommandName,
  type HostGates,
  type StepGate,
  type StepPolicy as StepPolicyName,
  type StudentGates,
} from "@/lib/protocol";
import { refuseHost, refusal, type HostCommand } from "./decide";
import { chooseAlpha } from "./step-policy";
import { lastRevealedRound, openRound, type SessionState } from "./state";

const open: Gate = { ok: true };
const gateOf = (refused: AckError | null): Gate => (refused ? { ok: false, code: refused.code, why: refused.message } : open);

/** A learning rate for the gates' "my α" and "run" commands: their refusals never depend on the number. */
const SOME_ALPHA = 0.1;

/**
 * The commands the gates ask about: what the console would send now. Refusals depend on the state and on the
 * policy, never on the numbers typed (the schema checks those), so one representative payload per button suffices.
 */
export function gateCommands(state: SessionState): {
  [K in Exclude<HostCommandName, "network:step">]: HostCommand<K>;
} & { "round:open-beta": HostCommand<"round:open">; "network:step": Record<StepPolicyName, HostCommand<"network:step">> } {
  const host = <K extends HostCommandName>(name: K, payload: CommandRequestParsed<K>): HostCommand<K> => ({ kind: "host", name, payload });
  const step = (payload: CommandRequestParsed<"network:step">) => host("network:step", payload);
  const guesser = lastRevealedRound(state)?.guesses.keys().next().value;
  const firstPlayer = state.players.keys().next().value;
  return {
    "round:open": host("round:open", undefined),
    // The console's "open a β round" button: its k and α are the defaults unless the host typed others.
    "round:open-beta": host("round:open", { guess: GuessKind.beta }),
    "round:close": host("round:close", undefined),
    "round:reveal": host("round:reveal", undefined),
    "network:step": {
      [StepPolicy.host]: step({ policy: StepPolicy.host, alpha: SOME_ALPHA }),
      [StepPolicy.engine]: step({ policy: StepPolicy.engine }),
      [StepPolicy.median]: step({ policy: StepPolicy.median }),
      [StepPolicy.bestGuess]: step({ policy: StepPolicy.bestGuess }),
      // Any student who guessed in the round the policy reads (the console's picker offers only those).
      [StepPolicy.player]: step({ policy: StepPolicy.player, playerId: guesser ?? "" }),
    },
    "network:run": host("network:run", { alpha: SOME_ALPHA, steps: 1 }),
    "network:reset": host("network:reset", { seed: "same" }),
    "session:pause": host("session:pause", undefined),
    "session:resume": host("session:resume", undefined),
    "session:end": host("session:end", undefined),
    "session:lock": host("session:lock", { locked: !state.locked }),
    "player:kick": host("player:kick", { playerIds: firstPlayer === undefined ? [] : [firstPlayer] }),
  };
}

/** An open gate of a policy that picks α itself also says which α (the same choice the step will make). */
function withChoice(state: SessionState, policy: StepPolicyName, gate: Gate): StepGate {
  if (!gate.ok) return gate;
  const choice = chooseAlpha(state, policy, {});
  if (!choice.ok) return gate;
  return { ok: true, alpha: choice.alpha, ...(choice.beta === undefined ? {} : { beta: choice.beta }), playerId: choice.playerId };
}

/**
 * The gates as last computed for a state, and the settledSeq they were computed at. The console's view is rebuilt for
 * every patch — up to 20 times a second per session while guesses arrive — and its gates ask 17 refusal checks;
 * no host refusal reads the open round's guesses (decide.ts hostRules: status, rounds, revealed guesses, players), so
 * between two other events the answer is the same (tests/session-rules/gates.test.ts checks it after every event).
 */
const hostGatesMemo = new WeakMap<SessionState, { settledSeq: number; gates: HostGates }>();

/** What the host may do next, from decide's own refusal checks: the console renders this and decides nothing. */
export function hostGates(state: SessionState): HostGates {
  const memo = hostGatesMemo.get(state);
  if (memo?.settledSeq === state.settledSeq) return memo.gates;
  const gates = computeHostGates(state);
  hostGatesMemo.set(state, { settledSeq: state.settledSeq, gates });
  return gates;
}

/** hostGates without the memo: every refusal asked now. */
export function computeHostGates(state: SessionState): HostGates {
  const c = gateCommands(state);
  const gate = <K extends HostCommandName>(command: HostCommand<K>) => gateOf(refuseHost(state, command));
  const step = c["network:step"];
  return {
    "round:open": gate(c["round:open"]),
    "round:open-beta": gate(c["round:open-beta"]),
    "round:close": gate(c["round:close"]),
    "round:reveal": gate(c["round:reveal"]),
    "network:step": {
      host: gate(step.host),
      engine: withChoice(state, StepPolicy.engine, gate(step.engine)),
      median: withChoice(state, StepPolicy.median, gate(step.median)),
      "best-guess": withChoice(state, StepPolicy.bestGuess, gate(step["best-guess"])),
      player: gate(step.player),
    },
    "network:run": gate(c["network:run"]),
    "network:reset": gate(c["network:reset"]),
    "session:pause": gate(c["session:pause"]),
    "session:resume": gate(c["session:resume"]),
    "session:end": gate(c["session:end"]),
    "session:lock": gate(c["session:lock"]),
    "player:kick": gate(c["player:kick"]),
  };
}

/**
 * Whether this player's guess would be accepted now (any value in range, of the kind the open round asks for), and
 * why not: paused, no round open, limit…
 */
export function studentGates(state: SessionState, playerId: string, guessesPerRound: number): StudentGates {
  const guess =
    openRound(state)?.guess === GuessKind.beta
      ? ({ kind: "guess", playerId, beta: BETA_LIMITS.min } as const)
      : ({ kind: "guess", playerId, alpha: state.rules.alphaMin } as const);
  return { "guess:submit": gateOf(refusal(state, guess, { guessesPerRound, playerIdForToken: () => undefined })) };
}
