import { scientific } from "@/app/_components/pictures/format-number";

const lossFormat = new Intl.NumberFormat("en", { maximumSignificantDigits: 3 });

/** A loss with 3 significant digits; null (no finite loss) reads as "blew up". */
export function formatLoss(loss: number | null): string {
  if (loss === null || !Number.isFinite(loss)) return "blew up";
  if (loss !== 0 && (Math.abs(loss) < 1e-3 || Math.abs(loss) >= 1e6)) return scientific(loss, 3);
  return lossFormat.format(loss);
}

const intFormat = new Intl.NumberFormat("en");

/** Points with thousands separators: 1,250. */
export function formatPoints(points: number): string {
  return intFormat.format(points);
}

/** m:ss for a countdown; never negative. */
export function formatClock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatPoints(n)} ${n === 1 ? one : many}`;
}
