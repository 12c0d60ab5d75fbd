import type { Options } from "./options";
import { logUniform, seededRandom } from "./numbers";

/** Seeded send times spread uniformly over the window, with an optional second send for some clients. */
export type PlannedSend = { client: number; at: number; value: number; order: number };

export function planSends(clients: number, options: Pick<Options, "seed" | "windowMs" | "reguess">, salt: number): PlannedSend[] {
  const random = seededRandom(options.seed * 1_000_003 + clients * 7 + salt);
  const sends: PlannedSend[] = [];
  for (let client = 0; client < clients; client++) {
    const at = random() * options.windowMs;
    sends.push({ client, at, value: logUniform(random, 1e-3, 5), order: 0 });
    if (random() < options.reguess) {
      const later = at + random() * (options.windowMs - at);
      sends.push({ client, at: later, value: logUniform(random, 1e-3, 5), order: 1 });
    }
  }
  return sends.sort((a, b) => a.at - b.at);
}

/** Fires each planned send at its moment (relative to now) and resolves when every send was made. Returns the slips. */
export function runSchedule(sends: readonly PlannedSend[], fire: (send: PlannedSend) => void): Promise<number[]> {
  const t0 = performance.now();
  const slips: number[] = [];
  let next = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now() - t0;
      while (next < sends.length && sends[next].at <= now) {
        slips.push(performance.now() - t0 - sends[next].at);
        fire(sends[next++]);
      }
      if (next < sends.length) setTimeout(tick, Math.max(0, sends[next].at - (performance.now() - t0)));
      else resolve(slips);
    };
    tick();
  });
}
