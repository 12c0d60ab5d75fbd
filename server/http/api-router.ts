import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode } from "@/lib/protocol";
import type { Logger } from "../logger";
import { HttpError, sendError } from "./json";
import { decodeRouteParam } from "./route-params";

export type RouteParams = Record<string, string>;
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: RouteParams, url: URL) => Promise<void>;
type Route = { method: string; pattern: RegExp; keys: string[]; handler: RouteHandler };

/** A tiny router for /api/*: paths like "/api/sessions/:id" with named segments. Everything else goes to Next. */
export class ApiRouter {
  private routes: Route[] = [];

  constructor(private readonly log: Logger) {}

  on(method: string, path: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const source = path.replace(/:(\w+)/g, (_, key: string) => {
      keys.push(key);
      return "([^/]+)";
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  /** Returns false when the request is not for the API, so the caller can hand it to Next. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://internal");
    } catch {
      if (!String(req.url).startsWith("/api/")) return false;
      sendError(res, 400, ErrorCode.INVALID_PAYLOAD, "Not a valid address");
      return true;
    }
    if (!url.pathname.startsWith("/api/")) return false;
    const candidates = this.routes.filter((r) => r.pattern.test(url.pathname));
    if (candidates.length === 0) {
      sendError(res, 404, ErrorCode.NOT_FOUND, `No API route ${url.pathname}`);
      return true;
    }
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      res.setHeader("allow", candidates.map((r) => r.method).join(", "));
      sendError(res, 405, ErrorCode.INVALID_PAYLOAD, `${req.method} is not allowed on ${url.pathname}`);
      return true;
    }
    const match = route.pattern.exec(url.pathname)!;
    try {
      const params: RouteParams = {};
      route.keys.forEach((key, i) => (params[key] = decodeRouteParam(key, match[i + 1])));
      await route.handler(req, res, params, url);
    } catch (error) {
      if (error instanceof HttpError) {
        // The client's mistake (or a refusal): answered, and at most a debug line, never an ERROR.
        this.log.debug("API request refused", { method: req.method, path: url.pathname, status: error.status, code: error.code });
        if (!res.headersSent) sendError(res, error.status, error.code, error.message);
      } else {
        this.log.error("API handler failed", { method: req.method, path: url.pathname, error });
        if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL, "Internal error");
      }
    }
    return true;
  }
}
