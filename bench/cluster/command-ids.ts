import { randomBytes } from "node:crypto";

/** An idempotency key for one user action (8–64 base64url characters), reused by every retry of that action. */
export const newCommandId = (): string => randomBytes(12).toString("base64url");

/** A join key (22–64 base64url characters): a join retried after a lost ack finds the same player. */
export const newJoinKey = (): string => randomBytes(18).toString("base64url");
