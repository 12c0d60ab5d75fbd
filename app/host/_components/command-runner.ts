import type { AckOk, CommandRequest, CommandResponse, HostCommandName } from "@/lib/protocol";

/**
 * How controls send commands: the console wraps the socket so that a failure becomes a toast and the button shows
 * it is busy. `describe` turns a success into a short message (or null for none). Resolves true on success.
 */
export type Exec = <K extends HostCommandName>(
  event: K,
  payload: CommandRequest<K>,
  describe?: (response: AckOk<CommandResponse<K>>) => string | null,
) => Promise<boolean>;
