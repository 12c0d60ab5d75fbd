import { errorMessage, type StudentView } from "@/lib/protocol";
import type { TestSocket as PhoneSocket } from "../../tests/helpers/socket-client";
import type { DeliveryProbe } from "./delivery-probe";
import type { ErrorTally } from "./error-tally";
import type { Options } from "./options";

/** A simulated phone: its socket, its player, the latest view it received and its last acknowledged guess. */
export type Phone = {
  i: number;
  socket: PhoneSocket;
  playerId: string;
  latest: StudentView | undefined;
  /** The α of the last acknowledged guess (by send order), and that send's order. */
  acked: { alpha: number; order: number } | undefined;
};

/**
 * Joins every connected phone (`batch` at a time), each under its own nickname. A view a joined phone receives is
 * offered to every probe in `run.probes` (the delivery measurements); unexpected disconnects are counted as errors.
 */
export async function joinPhones(
  sockets: readonly (PhoneSocket | null)[],
  joinCode: string,
  options: Pick<Options, "batch" | "ackTimeoutMs">,
  run: { errors: ErrorTally; probes: ReadonlySet<DeliveryProbe<StudentView>>; shuttingDown: () => boolean },
): Promise<{ phones: Phone[]; times: number[]; viewsWhileJoining: number }> {
  const phones: Phone[] = [];
  const joinTimes: number[] = [];
  const views = { count: 0 };
  const pending: { i: number; socket: PhoneSocket }[] = sockets.flatMap((socket, i) => (socket ? [{ i, socket }] : []));
  for (let start = 0; start < pending.length; start += options.batch) {
    await Promise.all(
      pending.slice(start, start + options.batch).map(async ({ i, socket }) => {
        const phone: Phone = { i: -1, socket, playerId: "", latest: undefined, acked: undefined };
        socket.on("player:view", (view) => {
          const now = performance.now();
          views.count++;
          phone.latest = view;
          if (phone.i >= 0) for (const probe of run.probes) probe.offer(phone.i, view, now);
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
