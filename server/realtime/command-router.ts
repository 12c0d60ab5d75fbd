import {
  ackError,
  clientCommands,
  describeZodError,
  ErrorCode,
  type Ack,
  type ClientCommandName,
  type CommandRequestParsed,
  type CommandResponse,
} from "@/lib/protocol";
import type { InFlight } from "../in-flight";
import type { Logger } from "../logger";
import { RateLimiter } from "./rate-limiter";
import type { AppSocket } from "./socket-server";

/** Largest command payload accepted, as JSON. Real commands are a few hundred bytes. */
export const MAX_COMMAND_BYTES = 4 * 1024;

/** What a handler returns: a successful response body or a typed failure. */
export type CommandResult<K extends ClientCommandName> = Ack<CommandResponse<K>>;
export type CommandHandler<K extends ClientCommandName> = (
  payload: CommandRequestParsed<K>,
  socket: AppSocket,
) => Promise<CommandResult<K>>;
export type CommandHandlers = { [K in ClientCommandName]: CommandHandler<K> };

const isCommand = (name: string): name is ClientCommandName => Object.hasOwn(clientCommands, name);

/**
 * Binds every declared command on a socket: validates the payload with its zod schema, requires an ack callback,
 * catches failures into `{ ok: false, code, message }`, and tracks the work so shutdown can wait for it.
 * Invalid input never reaches a handler and never changes state.
 */
export function bindCommands(socket: AppSocket, handlers: CommandHandlers, deps: { log: Logger; inFlight: InFlight }): void {
  const limiter = new RateLimiter(40, 20);
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (!limiter.take()) {
      if (typeof ack === "function") ack(ackError(ErrorCode.RATE_LIMITED, "Too many messages; slow down"));
      return;
    }
    if (typeof ack !== "function") {
      deps.log.debug("dropped event without ack", { event: String(event).slice(0, 64), socket: socket.id });
      return;
    }
    const reply = ack as (response: unknown) => void;
    const payload = args.length > 1 ? args[0] : undefined;
    if (payload !== undefined && (JSON.stringify(payload)?.length ?? 0) > MAX_COMMAND_BYTES) {
      reply(ackError(ErrorCode.PAYLOAD_TOO_LARGE, `Payload larger than ${MAX_COMMAND_BYTES} bytes`));
      return;
    }
    if (!isCommand(event)) {
      reply(ackError(ErrorCode.UNKNOWN_EVENT, `Unknown event "${String(event).slice(0, 64)}"`));
      return;
    }
    const parsed = clientCommands[event].request.safeParse(payload);
    if (!parsed.success) {
      reply(ackError(ErrorCode.INVALID_PAYLOAD, describeZodError(parsed.error)));
      return;
    }
    const handler = handlers[event] as CommandHandler<typeof event>;
    const work = handler(parsed.data as CommandRequestParsed<typeof event>, socket).then(
      (result) => reply(result),
      (error: unknown) => {
        deps.log.error("command failed", { event, socket: socket.id, error });
        reply(ackError(ErrorCode.INTERNAL, "The server could not complete that command"));
      },
    );
    deps.inFlight.track(work);
  });
}
