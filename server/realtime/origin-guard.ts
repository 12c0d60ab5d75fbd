import type { IncomingMessage } from "node:http";
import { foreignOrigin, type OriginPolicy } from "../http/origin-check";
import type { Logger } from "../logger";

/** engine.io's allowRequest hook: runs for every polling request and for the WebSocket upgrade. */
export type AllowRequest = (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => void;

/**
 * Refuses Socket.IO handshakes from pages on other origins. WebSockets are not covered by CORS, so without this any
 * page a student opens could drive a socket to this server with the student's network position. A missing Origin
 * (Node clients, tests, tools) stays allowed, as for HTTP writes.
 */
export function originGuard(policy: OriginPolicy, log: Logger): AllowRequest {
  return (req, callback) => {
    const foreign = foreignOrigin(req.headers, policy);
    if (foreign === null) return callback(null, true);
    // A client mistake (or a hostile page), not a server fault: warn, never error.
    log.warn("socket refused: foreign origin", { origin: foreign.slice(0, 200) });
    callback("FORBIDDEN_ORIGIN: this server does not accept connections from that page's origin", false);
  };
}
