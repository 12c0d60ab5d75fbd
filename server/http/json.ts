import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { ErrorCode, findUnstorableText, STORABLE_TEXT_MESSAGE, type BodyIssue, type ErrorResponse } from "@/lib/protocol";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

const gzipAsync = promisify(gzip);

/**
 * Sends a body (JSON, CSV…) gzip-compressed when the client accepts it and it is worth it: replay logs are mostly
 * repeated keys and shrink several times, which matters on classroom Wi-Fi.
 */
export async function sendCompressed(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
  precompressed?: Buffer,
): Promise<void> {
  const accepts = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const raw = Buffer.from(text, "utf8");
  const body = accepts && raw.length > 1024 ? (precompressed ?? (await gzipAsync(raw, { level: 6 }))) : raw;
  res.writeHead(status, {
    ...headers,
    "content-length": body.length,
    vary: "accept-encoding",
    ...(body !== raw ? { "content-encoding": "gzip" } : {}),
  });
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string, issues?: readonly BodyIssue[]): void {
  const body: ErrorResponse = { ok: false, code, message, ...(issues ? { issues: [...issues] } : {}) };
  sendJson(res, status, body);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** application/json, with or without parameters (charset); anything else is not a JSON body to us. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === "application/json";
}

/** Whether the request announces a body (a declared non-zero length or a chunked one). */
export function announcesBody(req: IncomingMessage): boolean {
  return Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
}

/**
 * Bodies are JSON only. text/plain, form encodings and bodies without a content type are what a foreign page can
 * send without a CORS preflight; refusing them means a cross-site form or fetch cannot reach a handler at all.
 */
export function unsupportedMediaType(): HttpError {
  return new HttpError(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as JSON with content-type: application/json");
}

/** Reads a JSON body, refusing anything over maxBytes before buffering it all, and anything not sent as JSON. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const json = isJsonMediaType(req.headers["content-type"]);
  if (!json && announcesBody(req)) throw unsupportedMediaType();
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, ErrorCode.PAYLOAD_TOO_LARGE, `Body larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, ErrorCode.PAYLOAD_TOO_LARGE, `Body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  if (!json) throw unsupportedMediaType();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, ErrorCode.INVALID_PAYLOAD, "Body is not valid JSON");
  }
  // Every string of every body — config names included, which the schemas take as unknown — must be storable, or a
  // lone surrogate or NUL would fail the database write later instead of this request now.
  const bad = findUnstorableText(body);
  if (bad) throw new HttpError(400, ErrorCode.INVALID_PAYLOAD, `${bad.length ? `${bad.join(".")}: ` : ""}${STORABLE_TEXT_MESSAGE}`);
  return body;
}
