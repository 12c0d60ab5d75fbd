import { carriesChecksum, type SessionEventType, type StoredEvent } from "@/lib/session";
import { stepWords } from "./frame-words";

export type FrameKind = "start" | "round-open" | "round-closed" | "round-revealed" | "step" | "reset" | "ended";

/**
 * One moment of the replay. A frame starts at a "key" event (a round opening, closing or being revealed, a
 * network step or run, a reset, the end) and absorbs the small events that follow it (joins, guesses, kicks,
 * pauses) until the next key event, so it shows the fullest picture of that moment: "round 2 open" already has every
 * guess that came in before it closed. A `network.stepped` event is ONE frame even when it ran several steps: the
 * live console only ever saw the weights after the whole run, and "continue from here" can only start at an event.
 */
export type Frame = {
  index: number;
  kind: FrameKind;
  /** The key event that opened this moment. */
  firstSeq: number;
  /** The last event folded into it: the state shown, and where "continue from here" starts. */
  seq: number;
  /** When the key event was accepted (epoch ms). */
  at: number;
  /** The round the frame belongs to (the latest opened), or null before the first round. */
  round: number | null;
  /** Cumulative steps once this frame is reached (the loss chart's x). */
  steps: number;
  label: string;
};

export type RoundMarker = {
  number: number;
  /** Frame where it opened. */
  openIndex: number;
  /** Frame a marker jumps to: the reveal, or the round's last frame when it was never revealed. */
  targetIndex: number;
  revealed: boolean;
};

export type Timeline = {
  frames: Frame[];
  rounds: RoundMarker[];
  /** Events that carry a recorded weight checksum (steps, round scoring, resets): what the replay verifies. */
  checks: number;
  /** seq → event type, to name the events an integrity issue points at. */
  typeOf: (seq: number) => SessionEventType | undefined;
  ended: boolean;
};

const KEY_KIND: Partial<Record<SessionEventType, FrameKind>> = {
  "session.created": "start",
  "round.opened": "round-open",
  "round.closed": "round-closed",
  "round.revealed": "round-revealed",
  "network.stepped": "step",
  "network.reset": "reset",
  "session.ended": "ended",
};

/** Reads the log once, without the engine: cheap enough to run before anything is drawn. */
export function buildTimeline(events: readonly StoredEvent[]): Timeline {
  const frames: Frame[] = [];
  const rounds: RoundMarker[] = [];
  let round: number | null = null;
  /** Rounds that guessed β, so their closed and revealed frames say so too. */
  const betaRounds = new Set<number>();
  let steps = 0;
  let checks = 0;
  let ended = false;
  for (const stored of events) {
    const e = stored.event;
    if (carriesChecksum(e)) checks++;
    const kind = KEY_KIND[e.type];
    if (!kind) {
      // A small event: it belongs to the moment already open (the first event is always a key event).
      if (frames.length > 0) frames[frames.length - 1].seq = stored.seq;
      continue;
    }
    let label: string;
    switch (e.type) {
      case "session.created":
        label = e.startFrom ? "Start (continued from another session)" : "Start";
        break;
      case "round.opened":
        round = e.round;
        if (e.guess === "beta") betaRounds.add(e.round);
        label = `Round ${e.round}${e.guess === "beta" ? " (β)" : ""} · guessing`;
        rounds.push({ number: e.round, openIndex: frames.length, targetIndex: frames.length, revealed: false });
        break;
      case "round.closed":
        label = `Round ${e.round}${betaRounds.has(e.round) ? " (β)" : ""} · closed${e.reason === "timer" ? " by the timer" : ""}`;
        break;
      case "round.revealed":
        label = `Round ${e.round}${betaRounds.has(e.round) ? " (β)" : ""} · revealed`;
        break;
      case "network.stepped":
        label = stepWords(steps, e);
        steps += e.stepsApplied;
        break;
      case "network.reset":
        label = "Network reset";
        break;
      default:
        ended = true;
        label = "Session ended";
    }
    const marker = rounds.at(-1);
    if (marker && marker.number === round && !marker.revealed) {
      marker.targetIndex = frames.length;
      marker.revealed = e.type === "round.revealed";
    }
    frames.push({ index: frames.length, kind, firstSeq: stored.seq, seq: stored.seq, at: stored.at, round, steps, label });
  }
  const types = events.map((s) => s.event.type);
  return { frames, rounds, checks, typeOf: (seq) => types[seq - 1], ended };
}
