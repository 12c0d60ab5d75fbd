/**
 * The reference run: the same shape as the real one (S rooms, each with a host socket and its share of the phones)
 * against a bare Socket.IO server (bench/load/bare-server.ts) with nothing behind it. Same schedule of one message
 * with an ack per phone within the window (the host gets console snapshots as the real console does); host-saw-all;
 * then, from every room's host at once, one push to all of its phones encoded once (io.to(room).emit) and one object
 * per phone (encoded per phone, like the real per-player views).
 */
import type { Socket } from "socket.io-client";
import { errorMessage } from "@/lib/protocol";
import { AckCollector } from "./ack-collector";
import { DeliveryProbe } from "./delivery-probe";
import { ErrorTally } from "./error-tally";
import { LatestView } from "./latest-view";
import type { Options } from "./options";
import { PhaseMeter, type Phase } from "./phase-meter";
import { processRssMb } from "./proc-stats";
import { planSends, runSchedule } from "./schedule";
import { sessionOfPhone } from "./shape";
import { connectAll, openSocket } from "./sockets";
import { spawnTsChild } from "./children";
import { stats, type Stats } from "./numbers";
import { Traffic, trafficRates, type TrafficMark, type TrafficRates } from "./traffic";

export type BarePush = { ack: Stats | null; delivery: Stats | null; missing: number; bytes: number };

export type BareResult = {
  phones: number;
  sessions: number;
  connect: { ms: number; ok: number };
  sent: number;
  acks: Stats | null;
  ackOk: number;
  guessPhase: Phase;
  /** Last ack → every host's latest console snapshot holds all of its room's acknowledged messages. */
  hostSawAllMs: number | null;
  broadcast: BarePush;
  each: BarePush;
  /** Bytes received: first message sent → host-saw-all; and during the per-phone push (the reveal's counterpart). */
  traffic: { burst: TrafficRates; burstComplete: boolean; reveal: TrafficRates };
  /** Server RSS with only the hosts connected, and with every phone connected. */
  memory: { beforePhonesMb?: number; afterJoinMb?: number };
  errors: ErrorTally;
};

type BareRoom = {
  host: Socket;
  console: LatestView<{ guesses: unknown[] }>;
  phones: { socket: Socket; acked: boolean }[];
  probes: Set<DeliveryProbe<{ seq: number }>>;
};

/** The same number of clients, in as many rooms as the real run has sessions, against the bare server. */
export async function runBare(n: number, options: Options, runIndex: number): Promise<BareResult> {
  const errors = new ErrorTally();
  const t = options.ackTimeoutMs;
  const server = await spawnTsChild("bare server", "bench/load/bare-server.ts", { ...process.env, PORT: "0", HOST: "127.0.0.1" }, { timeoutMs: 60_000, keepStdinOpen: true });
  const sockets: Socket[] = [];
  try {
    const traffic = new Traffic();
    const rooms: BareRoom[] = await Promise.all(
      Array.from({ length: options.sessions }, async (_, room) => {
        const host = await openSocket<Socket>(server.url, { role: "host", room }, t);
        sockets.push(host);
        traffic.watchConsole(host);
        const view = new LatestView<{ guesses: unknown[] }>();
        host.on("console", (snapshot: { guesses: unknown[] }) => view.offer(snapshot));
        return { host, console: view, phones: [], probes: new Set() };
      }),
    );
    const beforePhonesMb = processRssMb(server.pid);

    const t0 = performance.now();
    const connected = await connectAll<Socket>(
      n,
      options.batch,
      async (k) => {
        const socket = await openSocket<Socket>(server.url, { role: "phone", room: sessionOfPhone(k, options.sessions) }, t);
        traffic.watchPhone(socket);
        return socket;
      },
      errors,
    );
    const connectMs = performance.now() - t0;
    const afterJoinMb = processRssMb(server.pid);
    let shuttingDown = false;
    const phones: { socket: Socket; room: BareRoom; acked: boolean }[] = [];
    connected.sockets.forEach((socket, k) => {
      if (!socket) return;
      sockets.push(socket);
      const room = rooms[sessionOfPhone(k, options.sessions)];
      const slot = room.phones.length;
      const phone = { socket, room, acked: false };
      room.phones.push(phone);
      phones.push(phone);
      socket.on("news", (payload: { seq: number }) => {
        const now = performance.now();
        for (const probe of room.probes) probe.offer(slot, payload, now);
      });
      socket.on("disconnect", (reason) => {
        if (!shuttingDown) errors.add("client disconnected", reason);
      });
    });

    // Same schedule as the real run: one message + ack per phone, uniformly within the window.
    const sends = planSends(phones.length, options, runIndex);
    const acks = new AckCollector(sends.length);
    const meter = new PhaseMeter(server.pid);
    let burstFrom: TrafficMark | undefined;
    await runSchedule(sends, (send) => {
      burstFrom ??= traffic.mark();
      const phone = phones[send.client];
      const s0 = performance.now();
      phone.socket.timeout(t).emit("echo", { alpha: send.value }, (error: Error | null) => {
        if (error) errors.add("ack timeout");
        else {
          acks.succeeded(performance.now() - s0);
          phone.acked = true;
        }
        acks.settled();
      });
    });
    await acks.wait(t + 5_000, "reference acknowledgements", errors);
    const lastAckAt = performance.now();
    const guessPhase = meter.end();
    const sawAll = await Promise.all(
      rooms.map((room) => {
        const acked = room.phones.filter((p) => p.acked).length;
        return room.console.waitFor((snapshot) => snapshot.guesses.length >= acked, 5_000);
      }),
    );
    const sawAllAt = performance.now();
    const burstComplete = sawAll.every((v) => v !== null);
    const burst = trafficRates(burstFrom ?? traffic.mark(lastAckAt), traffic.mark(sawAllAt));

    /** From every room's host at once: one push to all of its phones, delivery timed from that host's send. */
    const push = async (mode: "broadcast" | "each", seq: number): Promise<BarePush> => {
      const done = await Promise.all(
        rooms.map(async (room) => {
          const p = new DeliveryProbe<{ seq: number }>(room.phones.length, (_, payload) => payload.seq === seq);
          room.probes.add(p);
          p.start();
          const s0 = performance.now();
          let bytes = 0;
          let ackMs = NaN;
          try {
            const ack = (await room.host.timeout(t).emitWithAck("push", { mode, seq, bytes: options.bytes })) as { bytes: number };
            ackMs = performance.now() - s0;
            bytes = ack.bytes;
          } catch (error) {
            errors.add(`push ${mode}`, errorMessage(error));
          }
          await p.wait(options.deliveryTimeoutMs);
          room.probes.delete(p);
          return { ackMs, bytes, latencies: p.latencies(), missing: p.missing };
        }),
      );
      return {
        ack: stats(done.map((d) => d.ackMs)),
        delivery: stats(done.flatMap((d) => d.latencies)),
        missing: done.reduce((sum, d) => sum + d.missing, 0),
        bytes: Math.max(0, ...done.map((d) => d.bytes)),
      };
    };
    const broadcast = await push("broadcast", 1);
    const revealFrom = traffic.mark();
    const each = await push("each", 2);
    const revealTraffic = trafficRates(revealFrom, traffic.mark());
    shuttingDown = true;
    return {
      phones: n,
      sessions: rooms.length,
      connect: { ms: connectMs, ok: phones.length },
      sent: sends.length,
      acks: stats(acks.times),
      ackOk: acks.ok,
      guessPhase,
      hostSawAllMs: burstComplete ? sawAllAt - lastAckAt : null,
      broadcast,
      each,
      traffic: { burst, burstComplete, reveal: revealTraffic },
      memory: { beforePhonesMb, afterJoinMb },
      errors,
    };
  } finally {
    for (const s of sockets) s.close();
    await server.stop("SIGTERM", 5_000);
  }
}
