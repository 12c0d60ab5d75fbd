import { z } from "zod";

/** Join codes avoid characters that look alike on a projector or phone: no 0/O, 1/I/L. */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 6;

const joinCodePattern = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** Accepts what a person types (lower case, spaces, dashes) and yields the canonical code. */
export const JoinCodeSchema = z
  .string()
  .max(32)
  .transform((raw) => raw.replace(/[\s-]/g, "").toUpperCase())
  .pipe(z.string().regex(joinCodePattern, "a join code is 6 letters or digits"));
