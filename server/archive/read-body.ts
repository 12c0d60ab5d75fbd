import type { IncomingMessage } from "node:http";
import { ErrorCode } from "@/lib/protocol";
import { HttpError } from "../http/json";

/**
 * Reads a request body as bytes, refusing it with 413 IMPORT_TOO_LARGE as soon as it is over `maxBytes` (declared or
 * counted), before buffering the rest. The bytes are parsed elsewhere (in the archive worker), not here.
 */
export async function readBodyBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(413, ErrorCode.IMPORT_TOO_LARGE, `This file is larger than the ${(maxBytes / 1048576).toFixed(1)} MB an import may be`);
  if (Number(req.headers["content-length"] ?? 0) > maxBytes) {
    req.resume(); // drain, so the 413 reaches the client instead of a reset
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}
