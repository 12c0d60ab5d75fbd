/**
 * The sessions under load: created over HTTP on their host's node, the host attached there, and each phone placed on
 * one of the OTHER nodes (round robin), so every guess and every view crosses nodes. With one node all share it.
 */
import { errorMessage, type StudentView } from "@/lib/protocol";
import { createSession } from "../../tests/helpers/lesson";
import type { DeliveryProbe } from "../load/delivery-probe";
import type { ErrorTally } from "../load/error-tally";
import { stats, type Stats } from "../load/numbers";
import { ClusterHost } from "./host";
import type { ClusterOptions } from "./options";
import { ClusterPhone } from "./phone";
import type { Attempt } from "./retrying-send";

export type LiveSession = {
  index: number;
  hostNode: number;
  host: ClusterHost;
  phones: ClusterPhone[];
  probes: Set<DeliveryProbe<StudentView>>;
  /** Every attempt of every command sent for this session (guesses and host commands): failover is timed from these. */
  attempts: Attempt[];
};

export type Setup = { sessions: LiveSession[]; phones: number; joined: number; joinMs: number; join: Stats | null; joinRetried: number };

/** Phones of a session go to the nodes other than its host's, in turn. */
export function phoneNode(hostNode: number, phone: number, nodes: number): number {
  if (nodes === 1) return 0;
  return (hostNode + 1 + (phone % (nodes - 1))) % nodes;
}

export async function setUpSessions(urls: readonly string[], options: ClusterOptions, errors: ErrorTally): Promise<Setup> {
  const settings = { ackTimeoutMs: options.ackTimeoutMs, giveUpMs: options.giveUpMs };
  const sessions: LiveSession[] = await Promise.all(
    Array.from({ length: options.sessions }, async (_, index) => {
      const hostNode = index % urls.length;
      const created = await createSession(urls[hostNode], { config: { scenario: "one-weight", seed: 7 + index } });
      const host = new ClusterHost(urls, hostNode, created, settings, errors, options.commandIds);
      await host.connection.open();
      const probes = new Set<DeliveryProbe<StudentView>>();
      const phones = Array.from(
        { length: options.phonesPerSession },
        (_, i) =>
          new ClusterPhone(i, urls, phoneNode(hostNode, i, urls.length), created.joinCode, `phone ${String(i + 1).padStart(3, "0")}`, probes, settings, errors),
      );
      return { index, hostNode, host, phones, probes, attempts: [] };
    }),
  );

  // Join in batches across all sessions at once, as a hall of phones would arrive.
  const all = sessions.flatMap((s) => s.phones);
  const joinTimes: number[] = [];
  const t0 = performance.now();
  for (let start = 0; start < all.length; start += options.batch) {
    await Promise.all(
      all.slice(start, start + options.batch).map(async (phone) => {
        const j0 = performance.now();
        try {
          await phone.connection.open();
          joinTimes.push(performance.now() - j0);
        } catch (error) {
          errors.add("join failed", errorMessage(error));
        }
      }),
    );
  }
  const joinMs = performance.now() - t0;
  const joinRetried = all.reduce((n, p) => n + p.connection.retriedOpens, 0);
  // A phone that could not join plays no further part.
  for (const s of sessions) s.phones = s.phones.filter((p) => p.playerId !== "");
  for (const s of sessions) s.phones.forEach((p, i) => (p.i = i));
  return { sessions, phones: all.length, joined: joinTimes.length, joinMs, join: stats(joinTimes), joinRetried };
}
