/**
 * Finds a learning rate anywhere in something sent to a client: as the number itself (exact bits) at any depth, or as
 * any text a serialiser or a careless formatter could turn it into. Not `toContain("0.05,")`, which misses "0.05}".
 */

/** Every text form of α worth searching for: long enough that a match is not a coincidence of other digits. */
export function alphaTexts(alpha: number): string[] {
  const forms = new Set<string>([String(alpha), alpha.toExponential(), JSON.stringify(alpha)]);
  for (let d = 3; d <= 12; d++) forms.add(alpha.toExponential(d));
  for (let d = 2; d <= 20; d++) forms.add(alpha.toFixed(d));
  for (let p = 4; p <= 17; p++) forms.add(alpha.toPrecision(p));
  const plain = String(alpha);
  // The digits without the leading "0." (0.0731945 → "0731945"), and the significant digits alone ("731945").
  if (plain.startsWith("0.")) forms.add(plain.slice(2));
  const significant = alpha.toExponential().split("e")[0].replace(".", "");
  forms.add(significant);
  // Forms rounded too far ("0.07" for 0.0731945, "0.00" for 3.17e-4) or too short ("317") match unrelated numbers:
  // keep the faithful ones (within 0.1 % of α) and digit runs of six or more.
  return [...forms].filter((f) =>
    /^[0-9]+$/.test(f) ? f.length >= 6 : f.length >= 5 && Math.abs(Number(f) - alpha) <= alpha * 1e-3,
  );
}

/** Every number in a value, at any depth (arrays, objects, Maps and Sets included). */
export function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === "number") out.push(value);
  else if (value instanceof Map) for (const entry of value) numbersIn(entry, out);
  else if (value instanceof Set || Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

/** Where α shows up in `sent` (an object, or the raw text of a frame): empty when it does not. */
export function findAlpha(sent: unknown, alpha: number): string[] {
  const text = typeof sent === "string" ? sent : (JSON.stringify(sent) ?? "");
  const found = alphaTexts(alpha)
    .filter((form) => text.includes(form))
    .map((form) => `text "${form}"`);
  if (typeof sent !== "string" && numbersIn(sent).some((n) => Object.is(n, alpha))) found.push("the number itself");
  return found;
}
