/**
 * A zod-free mirror of NicknameSchema (lib/protocol/nickname.ts) for instant feedback while typing: importing the
 * schema would ship zod (~29 kB gzip) to every phone. The server still validates; tests/ui/student-page.test.ts
 * checks that this mirror agrees with the schema.
 */
export const NICKNAME_MAX = 24;

/** What the server will store: NFC, trimmed, inner runs of white space collapsed to one space. */
export function normalizeNickname(raw: string): string {
  return raw.normalize("NFC").trim().replace(/\s+/gu, " ");
}

/** Why a nickname would be refused, in plain words, or null when it is fine. */
export function nicknameProblem(raw: string): string | null {
  if (raw.length > 200) return `A nickname has at most ${NICKNAME_MAX} characters.`;
  const name = normalizeNickname(raw);
  const length = [...name].length;
  if (length < 1) return "Type a nickname first.";
  if (length > NICKNAME_MAX) return `A nickname has at most ${NICKNAME_MAX} characters (this one has ${length}).`;
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u.test(name)) return "Remove the invisible or special control characters.";
  return null;
}

/** Characters counted the way the server counts them (code points, after normalising). */
export function nicknameLength(raw: string): number {
  return [...normalizeNickname(raw)].length;
}
