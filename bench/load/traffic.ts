/**
 * Bytes received by the clients, counted on the client side: the length of every engine.io frame each socket gets
 * (every event — views, patches, progress, pings — not only the ones the bench reads), summed for the phones and
 * kept per console. A phase's rates come from two marks.
 */
import type { Socket } from "socket.io-client";

type EnginePacket = { type: string; data?: unknown };

/**
 * The length of the websocket frame that carried a decoded engine.io packet: a text frame is the packet type's digit
 * followed by its data (the whole socket.io packet, e.g. `42["player:view",{…}]`); a binary frame is the bytes alone.
 * This counts string length (UTF-16 units): equal to bytes for ASCII, which is nearly all this protocol sends.
 */
export function frameLength(packet: EnginePacket): number {
  const data = packet.data;
  if (typeof data === "string") return 1 + data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 1;
}

/** Calls `add` with the frame length of every packet the socket's engine receives from now on. */
export function countFrames(socket: Socket, add: (bytes: number) => void): void {
  // The engine emits "packet" for every decoded frame, before socket.io parses it (websocket only: one packet a frame).
  socket.io.engine.on("packet", (packet: EnginePacket) => add(frameLength(packet)));
}

export type TrafficMark = { at: number; consoles: readonly number[]; phones: number };

/** Rates between two marks; "Bps" = bytes per second. */
export type TrafficRates = {
  ms: number;
  consoleBytes: number;
  consoleSumBps: number;
  /** The busiest console's rate. */
  consoleMaxBps: number;
  phoneBytes: number;
  phonesBps: number;
};

export class Traffic {
  private readonly consoles: number[] = [];
  private phones = 0;

  watchConsole(socket: Socket): void {
    const k = this.consoles.push(0) - 1;
    countFrames(socket, (bytes) => (this.consoles[k] += bytes));
  }

  watchPhone(socket: Socket): void {
    countFrames(socket, (bytes) => (this.phones += bytes));
  }

  mark(at = performance.now()): TrafficMark {
    return { at, consoles: [...this.consoles], phones: this.phones };
  }
}

export function trafficRates(from: TrafficMark, to: TrafficMark): TrafficRates {
  const ms = Math.max(1e-3, to.at - from.at);
  const perSecond = (bytes: number) => (bytes * 1000) / ms;
  const consoleDeltas = to.consoles.map((bytes, k) => bytes - (from.consoles[k] ?? 0));
  const consoleBytes = consoleDeltas.reduce((a, b) => a + b, 0);
  const phoneBytes = to.phones - from.phones;
  return {
    ms,
    consoleBytes,
    consoleSumBps: perSecond(consoleBytes),
    consoleMaxBps: perSecond(Math.max(0, ...consoleDeltas)),
    phoneBytes,
    phonesBps: perSecond(phoneBytes),
  };
}
