import { remove as removeConfusables } from "confusables";
import { z } from "zod";
import { cleanNickname, graphemes, inspectNickname, isPictographic, NICKNAME_INPUT_MAX, NICKNAME_MARKS_MAX, NICKNAME_MAX, NicknameProblem } from "./nickname-text";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "./text";

export { NICKNAME_MAX } from "./nickname-text";

const PROBLEM_MESSAGES: Record<Exclude<NicknameProblem, "invisible">, string> = {
  [NicknameProblem.inputTooLong]: `a nickname has at most ${NICKNAME_MAX} characters`,
  [NicknameProblem.bidiControl]: "a nickname cannot contain text-direction controls",
  [NicknameProblem.control]: "a nickname cannot contain control characters",
  [NicknameProblem.empty]: "a nickname needs at least 1 character",
  [NicknameProblem.tooLong]: `a nickname has at most ${NICKNAME_MAX} characters`,
  [NicknameProblem.tooManyMarks]: `a letter in a nickname can carry at most ${NICKNAME_MARKS_MAX} accents`,
};

/**
 * Nicknames are shown on a projector: NFC-normalised, invisible (default-ignorable) characters stripped except inside
 * emoji sequences, trimmed, inner runs of white space collapsed, 1–24 grapheme clusters, no control, format or
 * text-direction characters (which can hide or reorder text). A name that is left with nothing visible passes here
 * and is refused by the session with NICKNAME_INVALID (lib/protocol/nickname-policy.ts), so the phone can say why.
 */
export const NicknameSchema = z
  .string()
  .max(NICKNAME_INPUT_MAX, PROBLEM_MESSAGES[NicknameProblem.inputTooLong])
  .refine(isStorableText, STORABLE_TEXT_MESSAGE)
  .transform((raw, ctx) => {
    const { name, problem } = inspectNickname(raw);
    if (problem === null || problem === NicknameProblem.invisible) return name;
    ctx.addIssue({ code: "custom", message: PROBLEM_MESSAGES[problem], input: raw });
    return z.NEVER;
  });

const VARIATION_SELECTOR = /[\uFE0E\uFE0F]/gu;
const fold = (s: string) => s.toLocaleLowerCase("und");

/**
 * The key that decides uniqueness in a session: two names with the same key look alike on the projector. It is the
 * confusable skeleton in the spirit of Unicode UTS #39 (NFD → map confusables → NFD), after NFKC (full-width and
 * mathematical letters) and case folding, of the cleaned name (so names stored before cleaning existed, e.g. with a
 * U+034F or U+3164 inside, get the same key as their clean form). Emoji are kept whole, without variation selectors.
 * The `confusables` package maps look-alikes to Latin and drops accents, so "аlice" (Cyrillic а), "ａｌｉｃｅ" and
 * "alice" share a key, and so do "Zoë" and "Zoe" (an accent is easy to miss from the back of the room).
 */
export function nicknameKey(nickname: string): string {
  const base = fold(cleanNickname(nickname).normalize("NFKC"));
  let key = "";
  let letters = "";
  const flush = () => {
    key += removeConfusables(letters.normalize("NFD")).normalize("NFD");
    letters = "";
  };
  for (const g of graphemes(base)) {
    if (!isPictographic(g)) {
      letters += g;
      continue;
    }
    flush();
    key += g.replace(VARIATION_SELECTOR, "");
  }
  flush();
  // The mapping can produce capitals (Cyrillic д → "A"): fold again. Never empty, so a key always names its player.
  return fold(key).normalize("NFC") || base;
}
