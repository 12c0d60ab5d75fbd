import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode } from "@/lib/protocol";
import type { Logger } from "../logger";
import { HttpError, sendError } from "./json";

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
    const url = new URL(req.url ?? "/", "http://internal");
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
    const params: RouteParams = {};
    route.keys.forEach((key, i) => (params[key] = decodeURIComponent(match[i + 1])));
    try {
      await route.handler(req, res, params, url);
    } catch (error) {
      if (error instanceof HttpError) {
        sendError(res, error.status, error.code, error.message);
      } else {
        this.log.error("API handler failed", { method: req.method, path: url.pathname, error });
        if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL, "Internal error");
      }
    }
    return true;
  }
}
