import { ErrorCode, isStorableText } from "@/lib/protocol";
import { HttpError } from "./json";

/** Ids are base64url (session ids 22 characters); nothing else can name a session, so nothing else reaches the database. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The one decoder every route parameter goes through: malformed percent-encoding ("%ZZ", a lone "%") and decoded
 * control characters (NUL from "%00", which PostgreSQL text refuses) are the client's mistake, answered with 400;
 * a well-formed value that cannot be an id is 404. Either way no handler and no query sees it.
 */
export function decodeRouteParam(key: string, raw: string): string {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, ErrorCode.INVALID_PAYLOAD, "The address is not validly percent-encoded");
  }
  if (!isStorableText(value) || /\p{Cc}/u.test(value)) throw new HttpError(400, ErrorCode.INVALID_PAYLOAD, "The address contains control characters");
  if (key === "id" && !ID_PATTERN.test(value)) throw new HttpError(404, ErrorCode.SESSION_NOT_FOUND, "No session with that link");
  return value;
}
