/**
 * Number formatting for pictures and captions. Learning rates span six decades and losses can explode, so a fixed
 * number of decimals would print "0.000" or "12345678.000"; these keep a few significant digits instead.
 */

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

function superscript(n: number): string {
  return [...String(n)].map((c) => SUPERSCRIPT[c] ?? c).join("");
}

/** A few significant digits; scientific (1.2×10⁻⁵) only for very small or very large magnitudes. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (value === Infinity) return "∞";
  if (value === -Infinity) return "−∞";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  const sign = value < 0 ? "−" : "";
  if (abs >= 1e-3 && abs < 1e5) {
    // toPrecision keeps significant digits; Number() drops trailing zeros ("0.3000" → "0.3").
    return sign + String(Number(abs.toPrecision(digits)));
  }
  const exponent = Math.floor(Math.log10(abs));
  const mantissa = Number((abs / 10 ** exponent).toPrecision(Math.max(1, digits - 1)));
  return mantissa === 1 ? `${sign}10${superscript(exponent)}` : `${sign}${mantissa}×10${superscript(exponent)}`;
}

/** m × 10ⁿ with at most `digits` significant digits (trailing zeros dropped), or 10ⁿ alone when m is 1. */
export function scientific(value: number, digits: number): string {
  const [mantissa, exponent] = value.toExponential(digits - 1).split("e");
  const m = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  return m === "1" ? `10${superscript(Number(exponent))}` : `${m} × 10${superscript(Number(exponent))}`;
}

/**
 * The one α formatter (console, replay, phone): plain decimals with at most 2 significant digits, which is what a
 * student can set on the slider (0.03, 0.0005, 2.5, 10); only tiny or huge ones in powers of ten (1.5 × 10⁻⁶).
 */
export function formatAlpha(alpha: number | null | undefined): string {
  if (alpha === null || alpha === undefined || !Number.isFinite(alpha)) return formatNumber(alpha);
  if (alpha === 0) return "0";
  const rounded = Number(alpha.toPrecision(2));
  if (Math.abs(rounded) < 1e-5 || Math.abs(rounded) >= 1e6) return scientific(rounded, 2);
  const decimals = Math.max(0, 1 - Math.floor(Math.log10(Math.abs(rounded))));
  const text = rounded.toFixed(decimals);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/**
 * The one β formatter: β lives on a scale fine near 1, so it keeps 3 significant digits of 1 − β (0.9, 0.95, 0.995,
 * 0.9234), never rounding 0.9995 up to a meaningless 1.
 */
export function formatBeta(beta: number | null | undefined): string {
  if (beta === null || beta === undefined || !Number.isFinite(beta)) return formatNumber(beta);
  const rest = 1 - beta;
  if (!(rest > 0)) return String(beta);
  const decimals = Math.min(12, Math.max(1, Math.ceil(-Math.log10(rest) - 1e-9) + 2));
  return String(Number(beta.toFixed(decimals)));
}

/** A guessed value by what the round asked for (α or β); in a β round the α-named fields hold β. */
export function formatGuess(kind: "alpha" | "beta", value: number | null | undefined): string {
  return kind === "beta" ? formatBeta(value) : formatAlpha(value);
}

/** The symbol of what a round asks for. */
export const guessSymbol = (kind: "alpha" | "beta") => (kind === "beta" ? "β" : "α");

/** Signed number with an explicit plus, for weights and gradients where the sign is the point. */
export function formatSigned(value: number, digits = 3): string {
  const text = formatNumber(value, digits);
  return value > 0 ? `+${text}` : text;
}

/** Powers of ten inside [lo, hi], for log-axis ticks. */
export function decadeTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) ticks.push(10 ** e);
  return ticks;
}
