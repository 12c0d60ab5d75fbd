/** The latest of a stream of views, and waiting (bounded) for one that matches. */
export class LatestView<V> {
  latest: V | undefined;
  private waiters: { predicate: (v: V) => boolean; resolve: (v: V) => void }[] = [];

  offer(view: V): void {
    this.latest = view;
    this.waiters = this.waiters.filter((w) => (w.predicate(view) ? (w.resolve(view), false) : true));
  }

  /** The latest view if it matches, else the next one that does; null after timeoutMs. */
  waitFor(predicate: (v: V) => boolean, timeoutMs: number): Promise<V | null> {
    if (this.latest !== undefined && predicate(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        resolve(null);
      }, timeoutMs);
      const done = (v: V) => {
        clearTimeout(timer);
        resolve(v);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }
}
