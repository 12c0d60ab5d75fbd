import { errorMessage, type StudentView } from "@/lib/protocol";
import type { TestSocket as PhoneSocket } from "../../tests/helpers/socket-client";
import type { DeliveryProbe } from "./delivery-probe";
import type { ErrorTally } from "./error-tally";
import type { Options } from "./options";

/** A simulated phone: its socket, its session and player, the latest view it received and its last acknowledged guess. */
export type Phone = {
  /** Index among all joined phones of the run. */
  i: number;
  session: number;
  /** Index among the joined phones of its session (the delivery probes of the session count by it). */
  slot: number;
  socket: PhoneSocket;
  playerId: string;
  latest: StudentView | undefined;
  /** The α of the last acknowledged guess (by send order), and that send's order. */
  acked: { alpha: number; order: number } | undefined;
};

/** A connected socket and the session it is to join. */
export type Seat = { socket: PhoneSocket; session: number; joinCode: string };

/**
 * Joins every connected phone (`batch` at a time, across all sessions), each under its own nickname. A view a joined
 * phone receives is offered to every probe of its session (`run.probes(session)`, the delivery measurements);
 * unexpected disconnects are counted as errors.
 */
export async function joinPhones(
  seats: readonly (Seat | null)[],
  sessions: number,
  options: Pick<Options, "batch" | "ackTimeoutMs">,
  run: { errors: ErrorTally; probes: (session: number) => ReadonlySet<DeliveryProbe<StudentView>>; shuttingDown: () => boolean },
): Promise<{ phones: Phone[]; times: number[]; viewsWhileJoining: number }> {
  const phones: Phone[] = [];
  const slots = new Array<number>(sessions).fill(0);
  const joinTimes: number[] = [];
  const views = { count: 0 };
  const pending = seats.flatMap((seat, i) => (seat ? [{ i, ...seat }] : []));
  for (let start = 0; start < pending.length; start += options.batch) {
    await Promise.all(
      pending.slice(start, start + options.batch).map(async ({ i, socket, session, joinCode }) => {
        const phone: Phone = { i: -1, session, slot: -1, socket, playerId: "", latest: undefined, acked: undefined };
        const probes = run.probes(session);
        socket.on("player:view", (view) => {
          const now = performance.now();
          views.count++;
          phone.latest = view;
          if (phone.slot >= 0) for (const probe of probes) probe.offer(phone.slot, view, now);
        });
        socket.on("disconnect", (reason) => {
          if (!run.shuttingDown()) run.errors.add("phone disconnected", `phone ${i}: ${reason}`);
        });
        const j0 = performance.now();
        try {
          const ack = await socket.timeout(options.ackTimeoutMs).emitWithAck("player:join", { code: joinCode, nickname: `phone ${String(i + 1).padStart(4, "0")}` });
          if (!ack.ok) {
            run.errors.add(`join ${ack.code}`, ack.message);
            socket.close();
            return;
          }
          joinTimes.push(performance.now() - j0);
          phone.playerId = ack.playerId;
          phone.latest ??= ack.view;
          phone.slot = slots[session]++;
          phone.i = phones.length;
          phones.push(phone);
        } catch (error) {
          run.errors.add("join timeout", errorMessage(error));
          socket.close();
        }
      }),
    );
  }
  return { phones, times: joinTimes, viewsWhileJoining: views.count };
}
