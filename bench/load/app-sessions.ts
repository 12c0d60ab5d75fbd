/** The sessions of one run against the real server: created over HTTP, each with its scripted host attached. */
import type { CreateSessionResponse, StudentView } from "@/lib/protocol";
import { createSession } from "../../tests/helpers/lesson";
import type { DeliveryProbe } from "./delivery-probe";
import { HostClient } from "./host-client";
import type { Options } from "./options";
import type { Phone } from "./phones";

export type AppSession = {
  index: number;
  created: CreateSessionResponse;
  host: HostClient;
  /** Its joined phones (filled in after the join). */
  phones: Phone[];
  /** Delivery measurements under way: every view a phone of this session receives is offered to each. */
  probes: Set<DeliveryProbe<StudentView>>;
  /** The number of the round under way (from the round:open ack). */
  round: number;
};

/**
 * Creates `count` sessions at once and attaches a host to each; `attached` hears of each host as soon as it exists,
 * so the caller can close them all whatever happens later.
 */
export async function openSessions(
  url: string,
  count: number,
  options: Pick<Options, "scenario" | "ackTimeoutMs">,
  runIndex: number,
  attached: (host: HostClient) => void,
): Promise<AppSession[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      // Session 0 keeps the seed a one-session run always had; the others get their own.
      const created = await createSession(url, { config: { scenario: options.scenario, seed: 7 + runIndex + 1000 * index } });
      const host = await HostClient.attach(url, created, options.ackTimeoutMs);
      attached(host);
      return { index, created, host, phones: [], probes: new Set<DeliveryProbe<StudentView>>(), round: 0 };
    }),
  );
}
