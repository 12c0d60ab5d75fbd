/**
 * The phone's instant feedback while typing. It runs the same dependency-free rules as NicknameSchema
 * (lib/protocol/nickname-text.ts) — importing the schema itself would ship zod (~29 kB gzip), and the server's
 * look-alike and profanity checks (confusables, obscenity) stay on the server. The server still has the last word;
 * tests/ui/student-page.test.ts checks that this check agrees with the schema and the session's visibility rule.
 */
import { inspectNickname, NICKNAME_MAX, NicknameProblem } from "@/lib/protocol/nickname-text";

export { NICKNAME_MAX } from "@/lib/protocol/nickname-text";

/** What the server will store: NFC, invisible characters stripped (emoji kept whole), trimmed, spaces collapsed. */
export function normalizeNickname(raw: string): string {
  return inspectNickname(raw).name;
}

/** Why a nickname would be refused, in plain words, or null when it is fine. */
export function nicknameProblem(raw: string): string | null {
  const { problem, length } = inspectNickname(raw);
  switch (problem) {
    case null:
      return null;
    case NicknameProblem.inputTooLong:
      return `A nickname has at most ${NICKNAME_MAX} characters.`;
    case NicknameProblem.tooLong:
      return `A nickname has at most ${NICKNAME_MAX} characters (this one has ${length}).`;
    case NicknameProblem.empty:
      return "Type a nickname first.";
    case NicknameProblem.bidiControl:
    case NicknameProblem.control:
      return "Remove the invisible or special control characters.";
    case NicknameProblem.tooManyMarks:
      return "Too many accents on one letter: they would spill over other names on the projector.";
    case NicknameProblem.invisible:
      return "That name would be invisible on the projector — pick another.";
  }
}

/** Characters counted the way the server counts them (grapheme clusters after cleaning: 👩‍💻 is one). */
export function nicknameLength(raw: string): number {
  return inspectNickname(raw).length;
}
