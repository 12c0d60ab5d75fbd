import type { ErrorTally } from "./error-tally";

/** The acknowledgements of a known number of sends: each success's latency, how many succeeded, and when all are in. */
export class AckCollector {
  readonly times: number[] = [];
  ok = 0;
  private outstanding: number;
  private allIn: () => void = () => {};
  private readonly allDone = new Promise<void>((resolve) => (this.allIn = resolve));

  constructor(expected: number) {
    this.outstanding = expected;
  }

  succeeded(latencyMs: number): void {
    this.times.push(latencyMs);
    this.ok++;
  }

  /** Every send settles once, acknowledged or not. */
  settled(): void {
    if (--this.outstanding === 0) this.allIn();
  }

  /** Waits until every send settled; a send still open after timeoutMs is counted as a bench error. */
  wait(timeoutMs: number, what: string, errors: ErrorTally): Promise<void> {
    return withTimeout(this.allDone, timeoutMs, what).catch((e: Error) => errors.add("bench", e.message));
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

