import { describe, expectTypeOf, it } from "vitest";
import type {
  Ack,
  ClientToServerEvents,
  CommandRequest,
  CommandResponse,
  HostPatch,
  HostView,
  ServerToClientEvents,
  StudentView,
} from "@/lib/protocol";
import type { command } from "../helpers/socket-client";

/**
 * Type tests, in the way Socket.IO pins its own typed events: the event maps are derived from the command table, and
 * these assertions fail `npm run typecheck` if a command's payload, acknowledgement or a push changes shape.
 */
describe("the typed event maps", () => {
  it("derive each client event from its request and response schemas", () => {
    expectTypeOf<Parameters<ClientToServerEvents["guess:submit"]>[0]>().toEqualTypeOf<CommandRequest<"guess:submit">>();
    expectTypeOf<CommandRequest<"guess:submit">>().toEqualTypeOf<{
      alpha?: number | undefined;
      beta?: number | undefined;
      commandId?: string | undefined;
    }>();
    expectTypeOf<CommandResponse<"guess:submit">>().toEqualTypeOf<{ round: number; alpha?: number | undefined; beta?: number | undefined }>();
    expectTypeOf<Parameters<Parameters<ClientToServerEvents["host:attach"]>[1]>[0]>().toEqualTypeOf<
      Ack<CommandResponse<"host:attach">>
    >();
    expectTypeOf<CommandResponse<"host:attach">["view"]>().toEqualTypeOf<HostView>();
    expectTypeOf<CommandResponse<"host:attach">["rev"]>().toEqualTypeOf<number>();
    expectTypeOf<CommandResponse<"player:resume">["view"]>().toEqualTypeOf<StudentView>();
  });

  it("type the server's pushes", () => {
    expectTypeOf<Parameters<ServerToClientEvents["host:patch"]>[0]>().toEqualTypeOf<HostPatch>();
    expectTypeOf<Parameters<ServerToClientEvents["player:view"]>[0]>().toEqualTypeOf<StudentView>();
    expectTypeOf<Parameters<ServerToClientEvents["player:kicked"]>[0]>().toEqualTypeOf<{ message: string }>();
  });

  it("give tests a client whose commands are checked against the maps", () => {
    expectTypeOf<typeof command<"round:open">>().parameter(2).toEqualTypeOf<CommandRequest<"round:open">>();
    expectTypeOf<ReturnType<typeof command<"network:run">>>().resolves.toEqualTypeOf<Ack<CommandResponse<"network:run">>>();
    // A payload that is not the command's does not type-check.
    expectTypeOf<{ alpha: "fast" }>().not.toExtend<CommandRequest<"guess:submit">>();
  });
});
