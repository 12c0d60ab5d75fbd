import {
  ackError,
  clientCommands,
  describeZodError,
  ErrorCode,
  findUnstorableText,
  STORABLE_TEXT_MESSAGE,
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
/** Exceptions to MAX_COMMAND_BYTES: a bulk removal names up to 1,000 player ids (about 15 KB). */
const COMMAND_BYTES: Partial<Record<ClientCommandName, number>> = { "player:kick": 15_500 };

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
    const maxBytes = (isCommand(event) && COMMAND_BYTES[event]) || MAX_COMMAND_BYTES;
    if (payload !== undefined && (JSON.stringify(payload)?.length ?? 0) > maxBytes) {
      reply(ackError(ErrorCode.PAYLOAD_TOO_LARGE, `Payload larger than ${maxBytes} bytes`));
      return;
    }
    if (!isCommand(event)) {
      reply(ackError(ErrorCode.UNKNOWN_EVENT, `Unknown event "${String(event).slice(0, 64)}"`));
      return;
    }
    // Before the schema, over the whole payload: a string the database would refuse must never reach a batch where it
    // would fail other people's commands (and no schema field, however loose, can carry one in).
    const unstorable = findUnstorableText(payload);
    if (unstorable) {
      reply(ackError(ErrorCode.INVALID_PAYLOAD, `${unstorable.join(".") || "payload"}: ${STORABLE_TEXT_MESSAGE}`));
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

/** What the command router asks before running a command, beyond its per-socket bucket (per address, per player). */
export interface CommandGuard {
  admitCommand(socket: AppSocket): Promise<boolean>;
}

/**
 * Wraps every handler with a guard's admission check. Admissions on one socket are chained so an asynchronous guard
 * can never reorder that socket's commands (the last guess must stay the last).
 */
export function withCommandGuard(handlers: CommandHandlers, guard: CommandGuard): CommandHandlers {
  const chains = new WeakMap<AppSocket, Promise<boolean>>();
  const wrap = <K extends ClientCommandName>(handler: CommandHandler<K>): CommandHandler<K> =>
    async (payload, socket) => {
      const admitted = (chains.get(socket) ?? Promise.resolve(true)).then(() => guard.admitCommand(socket));
      chains.set(socket, admitted.catch(() => false));
      if (!(await admitted)) return ackError(ErrorCode.RATE_LIMITED, "Too many messages from your network or player; slow down");
      return handler(payload, socket);
    };
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [name, wrap(handler as CommandHandler<ClientCommandName>)]),
  ) as CommandHandlers;
}
