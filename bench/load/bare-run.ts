import type { Socket } from "socket.io-client";
import { errorMessage } from "@/lib/protocol";
import { AckCollector } from "./ack-collector";
import { DeliveryProbe } from "./delivery-probe";
import { ErrorTally } from "./error-tally";
import type { Options } from "./options";
import { PhaseMeter, type Phase } from "./phase-meter";
import { planSends, runSchedule } from "./schedule";
import { connectAll, openSocket } from "./sockets";
import { spawnTsChild } from "./children";
import { stats, type Stats } from "./numbers";

export type BareResult = {
  phones: number;
  connect: { ms: number; ok: number };
  acks: Stats | null;
  ackOk: number;
  guessPhase: Phase;
  broadcast: { ackMs: number; delivery: Stats | null; missing: number; bytes: number };
  each: { ackMs: number; delivery: Stats | null; missing: number; bytes: number };
  errors: ErrorTally;
};

/** The same number of clients against a bare Socket.IO server (bench/load/bare-server.ts): the reference numbers. */
export async function runBare(n: number, options: Options, runIndex: number): Promise<BareResult> {
  const errors = new ErrorTally();
  const t = options.ackTimeoutMs;
  const server = await spawnTsChild("bare server", "bench/load/bare-server.ts", { ...process.env, PORT: "0", HOST: "127.0.0.1" }, { timeoutMs: 60_000, keepStdinOpen: true });
  const sockets: Socket[] = [];
  let controller: Socket | undefined;
  try {
    controller = await openSocket<Socket>(server.url, { role: "controller" }, t);
    let t0 = performance.now();
    const connected = await connectAll<Socket>(n, options.batch, () => openSocket<Socket>(server.url, { role: "phone" }, t), errors);
    const connectMs = performance.now() - t0;
    const probes = new Set<DeliveryProbe<{ seq: number }>>();
    let shuttingDown = false;
    for (const socket of connected.sockets) {
      if (!socket) continue;
      const i = sockets.length;
      sockets.push(socket);
      socket.on("news", (payload: { seq: number }) => {
        const now = performance.now();
        for (const probe of probes) probe.offer(i, payload, now);
      });
      socket.on("disconnect", (reason) => {
        if (!shuttingDown) errors.add("client disconnected", reason);
      });
    }

    // Same schedule shape as the real run: one message + ack per client, uniformly within the window.
    const sends = planSends(sockets.length, options, runIndex);
    const acks = new AckCollector(sends.length);
    const meter = new PhaseMeter(server.pid);
    await runSchedule(sends, (send) => {
      const s0 = performance.now();
      sockets[send.client].timeout(t).emit("echo", { alpha: send.value }, (error: Error | null) => {
        if (error) errors.add("ack timeout");
        else acks.succeeded(performance.now() - s0);
        acks.settled();
      });
    });
    await acks.wait(t + 5_000, "reference acknowledgements", errors);
    const guessPhase = meter.end();

    const push = async (mode: "broadcast" | "each", seq: number) => {
      const p = new DeliveryProbe<{ seq: number }>(sockets.length, (_, payload) => payload.seq === seq);
      probes.add(p);
      p.start();
      t0 = performance.now();
      let bytes = 0;
      let ackMs = NaN;
      try {
        const ack = (await controller!.timeout(t).emitWithAck("push", { mode, seq, bytes: options.bytes })) as { bytes: number };
        ackMs = performance.now() - t0;
        bytes = ack.bytes;
      } catch (error) {
        errors.add(`push ${mode}`, errorMessage(error));
      }
      await p.wait(options.deliveryTimeoutMs);
      probes.delete(p);
      return { ackMs, delivery: stats(p.latencies()), missing: p.missing, bytes };
    };
    const broadcast = await push("broadcast", 1);
    const each = await push("each", 2);
    shuttingDown = true;
    return { phones: n, connect: { ms: connectMs, ok: sockets.length }, acks: stats(acks.times), ackOk: acks.ok, guessPhase, broadcast, each, errors };
  } finally {
    for (const s of sockets) s.close();
    controller?.close();
    await server.stop("SIGTERM", 5_000);
  }
}
