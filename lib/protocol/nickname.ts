import { z } from "zod";

export const NICKNAME_MAX = 24;

/**
 * Nicknames are shown on a projector: NFC-normalised, trimmed, inner runs of white space collapsed,
 * 1–24 characters (counted as code points), no control or format characters (which can hide or reorder text).
 */
export const NicknameSchema = z
  .string()
  .max(200)
  .transform((raw) => raw.normalize("NFC").trim().replace(/\s+/gu, " "))
  .pipe(
    z
      .string()
      .refine((s) => [...s].length >= 1, "a nickname needs at least 1 character")
      .refine((s) => [...s].length <= NICKNAME_MAX, `a nickname has at most ${NICKNAME_MAX} characters`)
      .refine((s) => !/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u.test(s), "a nickname cannot contain control characters"),
  );

/** The key that decides uniqueness in a session: case- and compatibility-insensitive. */
export function nicknameKey(nickname: string): string {
  return nickname.normalize("NFKC").toLocaleLowerCase("und").normalize("NFC");
}
