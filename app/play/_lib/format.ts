const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
};

function scientific(value: number, digits: number): string {
  const [mantissa, exponent] = value.toExponential(digits - 1).split("e");
  const m = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  const e = String(Number(exponent)).replace(/./g, (c) => SUPERSCRIPT[c] ?? c);
  return m === "1" ? `10${e}` : `${m} × 10${e}`;
}

/** A learning rate in plain decimals with at most 2 significant digits: 0.03, 0.0005, 2.5, 10. Tiny ones as 2 × 10⁻⁶. */
export function formatAlpha(alpha: number): string {
  if (!Number.isFinite(alpha)) return "—";
  if (alpha === 0) return "0";
  const rounded = Number(alpha.toPrecision(2));
  if (rounded < 1e-5 || rounded >= 1e6) return scientific(rounded, 2);
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(rounded)));
  const text = rounded.toFixed(decimals);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

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
