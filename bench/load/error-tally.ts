/** Errors counted by kind, with a few examples kept for the report. */
export class ErrorTally {
  readonly counts = new Map<string, number>();
  readonly examples: string[] = [];

  add(kind: string, example?: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    if (example && this.examples.length < 8) this.examples.push(`${kind}: ${example}`);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  summary(): string {
    return this.total === 0 ? "none" : [...this.counts].map(([k, n]) => `${k} ×${n}`).join(", ");
  }
}
