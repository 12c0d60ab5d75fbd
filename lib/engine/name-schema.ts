import { z } from "zod";

/**
 * The schema of a closed set of names (`as const` object, value = name), refusing anything else with
 * "unknown <what> "x"; expected one of a, b, c" — the one wording for activations, losses, datasets and targets.
 */
export function nameSchema<const T extends Readonly<Record<string, string>>>(what: string, names: T) {
  return z.enum(names, {
    error: (issue) => `unknown ${what} ${JSON.stringify(issue.input)}; expected one of ${Object.values(names).join(", ")}`,
  });
}
