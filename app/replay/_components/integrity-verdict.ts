import type { IntegrityIssue } from "@/lib/session";

/**
 * Who vouches for a replay, and what they found. Every step, round scoring and reset recorded the weight checksum
 * the live server had; something must recompute them.
 * - Logs of deterministic math (recorded since the switch): this browser's own fold is the authority. Its functions
 *   give the same bits as the server's, so any difference is a real one. A mismatch the server reports counts too.
 * - Legacy logs (Math.*, recorded before): only the server, on the same runtime family as the live session, can
 *   recompute them exactly, so its `verification` is the authority; this browser's own differences are shown as a
 *   note, never as an error. Without a server verification the browser's own result is all there is.
 */
export type IntegrityVerdict =
  | { readonly kind: "fold-error"; readonly seq: number; readonly message: string }
  | { readonly kind: "mismatch"; readonly issues: readonly IntegrityIssue[] }
  | { readonly kind: "checking" }
  | {
      readonly kind: "verified";
      readonly by: "browser" | "server" | "browser-legacy";
      /** Legacy logs verified by the server: events at which this browser's own recomputation differed. */
      readonly browserDiffers: number;
    };

export function integrityVerdict({
  deterministic,
  issues,
  done,
  foldError,
  serverCheck,
}: {
  /** Whether the log was recorded with deterministic math (its config has a math version). */
  deterministic: boolean;
  /** This browser's own recomputation, so far. */
  issues: readonly IntegrityIssue[];
  done: boolean;
  foldError: { seq: number; message: string } | null;
  serverCheck: { checks: number; issues: readonly IntegrityIssue[] } | null;
}): IntegrityVerdict {
  if (foldError) return { kind: "fold-error", ...foldError };
  if (deterministic) {
    if (issues.length > 0) return { kind: "mismatch", issues };
    if (serverCheck && serverCheck.issues.length > 0) return { kind: "mismatch", issues: serverCheck.issues };
    return done ? { kind: "verified", by: "browser", browserDiffers: 0 } : { kind: "checking" };
  }
  if (serverCheck) {
    if (serverCheck.issues.length > 0) return { kind: "mismatch", issues: serverCheck.issues };
    return done ? { kind: "verified", by: "server", browserDiffers: new Set(issues.map((i) => i.seq)).size } : { kind: "checking" };
  }
  if (issues.length > 0) return { kind: "mismatch", issues };
  return done ? { kind: "verified", by: "browser-legacy", browserDiffers: 0 } : { kind: "checking" };
}
