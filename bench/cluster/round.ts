/**
 * One round in every session at once, with bench:load's messages: round:open (delivery to every phone timed), one
 * seeded guess per phone spread over the window (ack timed; the host's view showing it timed), round:close,
 * round:reveal (delivery of the revealed view to every phone timed), the acknowledged guesses checked against the
 * host's results (bench/load/results-check.ts), network:step. `during` runs at a moment of the guess window (failover).
 */
import { errorMessage, type StudentView } from "@/lib/protocol";
import { DeliveryProbe } from "../load/delivery-probe";
import { PhaseMeter, type Phase } from "../load/phase-meter";
import type { ErrorTally } from "../load/error-tally";
import { compareResults } from "../load/results-check";
import { planSends, runSchedule } from "../load/schedule";
import type { ClusterOptions } from "./options";
import type { Sent } from "./retrying-send";
import type { LiveSession } from "./sessions";

export type Delivery = { latencies: number[]; missing: number };

export type RoundResult = {
  round: number;
  sent: number;
  acked: number;
  retried: number;
  /** Why guesses were tried again: the answer of each failed try, counted (TIMEOUT, UNAVAILABLE, DISCONNECTED). */
  retryCodes: Record<string, number>;
  /** First send → final acknowledgement of each acknowledged guess (retries included). */
  ackLatencies: number[];
  /** Phone's send → the first host view listing that guess (host and phone on different nodes in a cluster). */
  hostSeen: number[];
  /** The phone's ack → that host view (negative when the view came first). */
  hostSeenAfterAck: number[];
  hostUnseen: number;
  open: Delivery;
  reveal: Delivery;
  /** Acknowledged guesses missing from the host's results after the reveal. */
  viewLost: number;
  /** CPU of the servers (all nodes together) and of this process, over the guesses. */
  guessPhase: Phase;
};

export type During = { atMs: number; run: () => Promise<void> };

function record(session: LiveSession, sent: Sent<object>, what: string, errors: ErrorTally): boolean {
  session.attempts.push(...sent.attempts);
  if (!sent.ack.ok) errors.add(`${what} ${sent.ack.code}`, `session ${session.index}: ${sent.ack.message}`);
  return sent.ack.ok;
}

/** Sends a host command in every session at once and times its delivery to the phones with `matches`. */
async function hostCommandToAll(
  sessions: readonly LiveSession[],
  event: string,
  payload: Record<string, unknown>,
  matches: ((view: StudentView) => boolean) | null,
  options: ClusterOptions,
  errors: ErrorTally,
): Promise<Delivery> {
  const delivery: Delivery = { latencies: [], missing: 0 };
  await Promise.all(
    sessions.map(async (s) => {
      const probe = matches ? new DeliveryProbe<StudentView>(s.phones.length, (_, v) => matches(v)) : null;
      if (probe) {
        s.probes.add(probe);
        probe.start();
      }
      record(s, await s.host.command(event, payload), event, errors);
      if (!probe) return;
      await probe.wait(options.deliveryTimeoutMs);
      s.probes.delete(probe);
      delivery.latencies.push(...probe.latencies());
      delivery.missing += probe.missing;
    }),
  );
  return delivery;
}

export async function playRound(
  sessions: readonly LiveSession[],
  round: number,
  windowMs: number,
  options: ClusterOptions,
  errors: ErrorTally,
  serverPids: readonly number[],
  during?: During,
): Promise<RoundResult> {
  const open = await hostCommandToAll(sessions, "round:open", { k: 1 }, (v) => v.round?.number === round && v.round.status === "open", options, errors);

  const phones = sessions.flatMap((s) => s.phones.map((phone) => ({ session: s, phone })));
  const sends = planSends(phones.length, { seed: options.seed, windowMs, reguess: options.reguess }, round);
  const ackLatencies: number[] = [];
  let retried = 0;
  const retryCodes: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  const meter = new PhaseMeter(serverPids);
  const duringDone = during
    ? new Promise<void>((resolve) =>
        setTimeout(() => void during.run().then(resolve, (error: unknown) => (errors.add("failover step failed", errorMessage(error)), resolve())), during.atMs),
      )
    : Promise.resolve();
  await runSchedule(sends, (send) => {
    const { session, phone } = phones[send.client];
    session.host.watch(phone.playerId, round, send.value, performance.now());
    pending.push(
      phone.guess(round, send.value, options.commandIds).then((sent) => {
        if (sent.attempts.length > 1) retried++;
        for (const a of sent.attempts) if (a.code !== "ok") retryCodes[a.code] = (retryCodes[a.code] ?? 0) + 1;
        if (!record(session, sent, "guess", errors)) return;
        ackLatencies.push(sent.ackAt - sent.firstSentAt);
        session.host.acked(phone.playerId, sent.ackAt);
      }),
    );
  });
  await Promise.all(pending);
  const guessPhase = meter.end();
  await duringDone;

  // Give the host views a moment to catch up with the last acknowledgements before reading what they showed.
  await Promise.all(
    sessions.map((s) => {
      const acked = s.phones.filter((p) => p.acked.has(round)).length;
      return s.host.waitFor((v) => v.round?.number === round && v.round.guesses.length >= acked, 5_000);
    }),
  );
  const hostSeen: number[] = [];
  const hostSeenAfterAck: number[] = [];
  let hostUnseen = 0;
  for (const s of sessions) {
    const seen = s.host.seenLatencies(round, new Set(s.phones.filter((p) => p.acked.has(round)).map((p) => p.playerId)));
    hostSeen.push(...seen.latencies);
    hostSeenAfterAck.push(...seen.afterAck);
    hostUnseen += seen.unseen;
  }

  await hostCommandToAll(sessions, "round:close", {}, null, options, errors);
  const reveal = await hostCommandToAll(sessions, "round:reveal", {}, (v) => v.reveal?.round === round, options, errors);
  let viewLost = 0;
  await Promise.all(
    sessions.map(async (s) => {
      const view = await s.host.waitFor((v) => v.round?.number === round && v.round.status === "revealed" && v.round.results !== null, 5_000);
      const expected = new Map(s.phones.flatMap((p) => (p.acked.has(round) ? [[p.playerId, p.acked.get(round)!] as const] : [])));
      const check = compareResults(`session ${s.index} round ${round}`, view, round, expected);
      viewLost += check.lost;
      for (const line of check.detail) errors.add("host view check", `session ${s.index}: ${line}`);
    }),
  );
  await hostCommandToAll(sessions, "network:step", { policy: "median" }, null, options, errors);

  return {
    round,
    sent: sends.length,
    acked: ackLatencies.length,
    retried,
    retryCodes,
    ackLatencies,
    hostSeen,
    hostSeenAfterAck,
    hostUnseen,
    open,
    reveal,
    viewLost,
    guessPhase,
  };
}
