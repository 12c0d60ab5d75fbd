import type { IncomingMessage } from "node:http";
import { ErrorCode } from "@/lib/protocol";
import { announcesBody, HttpError, isJsonMediaType, unsupportedMediaType } from "./json";
import { foreignOrigin, type OriginPolicy } from "./origin-check";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Why a write must not reach the router, or null. Runs before routing so that no handler (today's or a future one)
 * can forget it: a foreign Origin is 403 FORBIDDEN_ORIGIN on any path; an /api body that is not JSON is 415 (a
 * DELETE without a body is fine). Reads nothing but headers.
 */
export function writeRefusal(req: IncomingMessage, policy: OriginPolicy): { error: HttpError; origin?: string } | null {
  if (!WRITES.has(req.method ?? "")) return null;
  const foreign = foreignOrigin(req.headers, policy);
  if (foreign !== null)
    return { error: new HttpError(403, ErrorCode.FORBIDDEN_ORIGIN, "Writes are only accepted from this server's own pages"), origin: foreign };
  const api = (req.url ?? "/").startsWith("/api/");
  if (api && announcesBody(req) && !isJsonMediaType(req.headers["content-type"])) return { error: unsupportedMediaType() };
  return null;
}
