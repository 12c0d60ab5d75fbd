import { describe, expect, it } from "vitest";
import { createSession } from "../helpers/lesson";
import { clusterSkipReason, useCluster } from "./helpers/cluster-fixture";
import { expectConverged, seqsAreContiguous, storedLog } from "./helpers/copies";
import { RoamingHost, RoamingPhone, type NodeRing } from "./helpers/roaming";

const skip = clusterSkipReason();

describe.skipIf(skip)("a rolling restart: every node in turn gets SIGTERM during a lesson and comes back", () => {
  const cluster = useCluster(["a", "b", "c"]);
  const down = new Set<string>();
  const ring: NodeRing = { urls: () => cluster.nodes.filter((n) => !down.has(n.id)).map((n) => n.url) };

  it("hands sessions over cleanly: the lesson goes on, nothing acknowledged is lost or applied twice", async () => {
    const created = await createSession(cluster.node("a").url);
    const host = new RoamingHost(ring, 0, created);
    await host.connect();
    const phones = ["Ana", "Ben", "Cy"].map((name, i) => new RoamingPhone(ring, i, created.joinCode, name));
    for (const p of phones) await p.connect();
    let acked = 0;
    const handovers: number[] = [];
    for (const [i, node] of cluster.nodes.entries()) {
      expect(await host.send("round:open", {})).toMatchObject({ ok: true, round: i + 1 });
      for (const [j, p] of phones.entries()) {
        expect(await p.send("guess:submit", { alpha: 0.01 * (j + 1) })).toMatchObject({ ok: true });
        acked++;
      }
      // SIGTERM mid-round: the node finishes its queue, gives its leases back and exits; its clients move.
      down.add(node.id);
      const stopping = node.stop("SIGTERM");
      const started = Date.now();
      for (const [j, p] of phones.entries()) {
        expect(await p.send("guess:submit", { alpha: 0.1 * (j + 1) })).toMatchObject({ ok: true });
        acked++;
      }
      handovers.push(Date.now() - started);
      expect(await stopping).toBe(0);
      expect(await host.send("round:close", {})).toMatchObject({ ok: true, round: i + 1 });
      await node.restart();
      down.delete(node.id);
    }
    console.log(`rolling restart: phones playing again after each SIGTERM in ${handovers.join(", ")} ms`);
    const log = await storedLog(cluster.databaseUrl, created.sessionId);
    expect(seqsAreContiguous(log)).toBe(true);
    expect(log.filter((e) => e.event.type === "guess.submitted")).toHaveLength(acked);
    expect(log.filter((e) => e.event.type === "round.closed")).toHaveLength(3);
    await expectConverged(cluster.databaseUrl, ring.urls(), created);
    for (const c of [host, ...phones]) c.close();
  });
});
