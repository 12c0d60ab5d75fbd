import { z } from "zod";
import { inspectNickname, NICKNAME_INPUT_MAX, NICKNAME_MARKS_MAX, NICKNAME_MAX, NicknameProblem } from "./nickname-text";
import { isStorableText, STORABLE_TEXT_MESSAGE } from "./text";

export { NICKNAME_MAX } from "./nickname-text";
// nicknameKey lives in ./nickname-key and is imported from there, not re-exported: the confusables table it carries
// (~11 kB gzip) stays out of every page that imports the protocol barrel, such as the host console.

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
