/**
 * Times one push to many receivers: `start()` just before the trigger is sent, then `hit(i, now)` from each receiver's
 * handler when its message matches; resolves when all receivers were hit or the timeout passed.
 */
export class DeliveryProbe<V> {
  private readonly times: Float64Array;
  private remaining: number;
  private sentAt = NaN;
  private done: (() => void) | undefined;

  constructor(
    readonly receivers: number,
    private readonly matches: (i: number, value: V) => boolean,
  ) {
    this.times = new Float64Array(receivers).fill(NaN);
    this.remaining = receivers;
  }

  start(): void {
    this.sentAt = performance.now();
  }

  offer(i: number, value: V, now: number): void {
    if (Number.isNaN(this.sentAt) || !Number.isNaN(this.times[i]) || !this.matches(i, value)) return;
    this.times[i] = now;
    if (--this.remaining === 0) this.done?.();
  }

  async wait(timeoutMs: number): Promise<void> {
    if (this.remaining === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.done = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  latencies(): number[] {
    return [...this.times].filter((t) => !Number.isNaN(t)).map((t) => t - this.sentAt);
  }

  get missing(): number {
    return this.remaining;
  }
}
