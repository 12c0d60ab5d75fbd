import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from "@/lib/protocol";

/** 256-bit bearer secrets (host and player tokens), URL-safe. Only their SHA-256 is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function tokenMatches(token: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashToken(token), "hex");
  const expected = Buffer.from(expectedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Session ids double as replay share links, so they are unguessable: 128 random bits. */
export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

export function newPlayerId(): string {
  return randomBytes(9).toString("base64url");
}

export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}
