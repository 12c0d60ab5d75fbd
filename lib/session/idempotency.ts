import type { SessionCommand } from "./decide";

/**
 * The key a command's first answer is kept under, or undefined when it carries none. Scoped by actor ("host" or the
 * player id), so a key seen from one student can never answer — or block — another's command or the host's.
 */
export function idempotencyKey(command: SessionCommand): string | undefined {
  switch (command.kind) {
    case "guess":
      return command.commandId === undefined ? undefined : `${command.playerId}:${command.commandId}`;
    case "host": {
      const commandId = (command.payload as { commandId?: string } | undefined)?.commandId;
      return commandId === undefined ? undefined : `host:${commandId}`;
    }
    default:
      return undefined;
  }
}
