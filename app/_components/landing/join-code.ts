/**
 * A zod-free mirror of JoinCodeSchema (lib/protocol/join-code.ts): the landing page normalises what people type
 * without shipping zod. tests/ui/student-page.test.ts checks that both agree; /play/[code] re-validates with the
 * real schema on the server.
 */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const PATTERN = new RegExp(`^[${ALPHABET}]{6}$`);

/** "k7p 2qx", "K7P-2QX" → "K7P2QX"; null when it cannot be a join code. */
export function normalizeJoinCode(raw: string): string | null {
  if (raw.length > 32) return null;
  const code = raw.replace(/[\s-]/g, "").toUpperCase();
  return PATTERN.test(code) ? code : null;
}

/** Why a typed code is not a join code, in words a student can act on. */
export function joinCodeProblem(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, "").toUpperCase();
  if (code.length === 0) return "Type the code shown on the projector.";
  if (/[0O1IL]/.test(code)) return "Codes never contain 0, O, 1, I or L. Check the code on the projector.";
  if (code.length !== 6 || raw.length > 32) return `A join code has 6 letters or digits (this has ${code.length}).`;
  if (!PATTERN.test(code)) return "A join code has only letters and digits.";
  return null;
}
