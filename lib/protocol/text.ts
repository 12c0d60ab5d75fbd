import { z } from "zod";

/**
 * Text that every layer can hold: well-formed UTF-16 (no lone surrogate halves, which PostgreSQL's JSON type and
 * UTF-8 encoders refuse) and no NUL (which PostgreSQL text refuses). Checked at every edge — socket payloads, HTTP
 * bodies, imported logs — so a string that would fail in the database never reaches a batch with other people's work.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

export const STORABLE_TEXT_MESSAGE = "text must be well-formed Unicode without NUL characters";

/** A string of at most `max` UTF-16 units that passes isStorableText. */
export function storableText(max: number) {
  return z.string().max(max).refine(isStorableText, STORABLE_TEXT_MESSAGE);
}

/**
 * The path of the first string (value or object key) anywhere in `value` that is not storable, or null.
 * Used on whole payloads before their schemas run, so no field — including `z.unknown()` ones — can carry one.
 */
export function findUnstorableText(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof value === "string") return isStorableText(value) ? null : path;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isStorableText(key)) return [...path, key];
    const found = findUnstorableText(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
