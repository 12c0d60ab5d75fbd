import type { HostView } from "@/lib/protocol";
import { HostViewCopy } from "@/lib/session/host-view-patch";
import { request, type TestSocket } from "./socket-client";

type AckLike = { ok: boolean; code?: string; message?: string } & Record<string, unknown>;

/**
 * Attaches a socket as host and follows its view as the console does: the snapshot from host:attach, then every
 * host:patch applied (a patch on another revision re-attaches). `push` gets every resulting view.
 */
export async function attachAndFollow(
  socket: TestSocket,
  created: { sessionId: string; hostToken: string },
  push: (view: HostView) => void,
): Promise<AckLike> {
  const copy = new HostViewCopy();
  let resyncing = false;
  const attach = async () => {
    const ack = await request<AckLike>(socket, "host:attach", { sessionId: created.sessionId, hostToken: created.hostToken });
    if (ack.ok) push(copy.snapshot(ack as unknown as { view: HostView; rev: number }));
    return ack;
  };
  socket.on("host:patch", (patch) => {
    const result = copy.receive(patch);
    if (result !== "resync") push(result.applied);
    else if (!resyncing) {
      resyncing = true;
      // A socket closed meanwhile rejects the request: nothing to follow any more.
      void attach()
        .catch(() => undefined)
        .finally(() => (resyncing = false));
    }
  });
  return attach();
}
