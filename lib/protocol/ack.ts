import { z } from "zod";
import type { ErrorCode } from "./error-codes";

/** Every client command is answered with exactly one of these. */
export type AckOk<T extends object = Record<never, never>> = { ok: true } & T;
export type AckError = { ok: false; code: ErrorCode; message: string };
export type Ack<T extends object = Record<never, never>> = AckOk<T> | AckError;
export type AckCallback<T extends object = Record<never, never>> = (response: Ack<T>) => void;

export function ackError(code: ErrorCode, message: string): AckError {
  return { ok: false, code, message };
}

/** A short human message from a zod error: the first few issues with their paths. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}
