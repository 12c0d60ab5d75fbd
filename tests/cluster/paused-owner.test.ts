import { describe, expect, it } from "vitest";
import { createSession } from "../helpers/lesson";
import { clusterSkipReason, useCluster } from "./helpers/cluster-fixture";
import { expectConverged, seqsAreContiguous, storedLog } from "./helpers/copies";
import { RoamingHost, RoamingPhone, type NodeRing } from "./helpers/roaming";

const skip = clusterSkipReason();

describe.skipIf(skip)("an owner paused beyond its lease (SIGSTOP), then resumed (SIGCONT)", () => {
  const cluster = useCluster(["a", "b"]);
  const ring = (start: "a" | "b"): NodeRing => ({ urls: () => (start === "a" ? cluster.nodes : [...cluster.nodes].reverse()).map((n) => n.url) });

  it("is fenced: what it sends after waking is refused by the epoch and goes to the new owner; no gap, no duplicate", async () => {
    const [a] = cluster.nodes;
    const created = await createSession(a.url);
    const hostOnA = new RoamingHost(ring("a"), 0, created);
    await hostOnA.connect();
    expect(await hostOnA.send("round:open", {})).toMatchObject({ ok: true });
    expect((await cluster.ownerOf(created.sessionId)).node).toBe("a");
    const phoneOnA = new RoamingPhone(ring("a"), 0, created.joinCode, "Ana");
    const phoneOnB = new RoamingPhone(ring("b"), 0, created.joinCode, "Ben");
    await phoneOnA.connect();
    await phoneOnB.connect();
    expect(await phoneOnA.send("guess:submit", { alpha: 0.01 })).toMatchObject({ ok: true });

    a.process.kill("SIGSTOP");
    try {
      // A sleeps through its 5 s lease. Commands on B find no live owner and B takes the session (a higher epoch).
      await new Promise((r) => setTimeout(r, 6_500));
      expect(await phoneOnB.send("guess:submit", { alpha: 0.2 })).toMatchObject({ ok: true });
      const owner = await cluster.ownerOf(created.sessionId);
      expect(owner.node).toBe("b");
      // Sent to A while it sleeps: A reads it only after waking, still believing it owns the session.
      const late = phoneOnA.send("guess:submit", { alpha: 0.03 });
      await new Promise((r) => setTimeout(r, 300));
      a.process.kill("SIGCONT");
      expect(await late).toMatchObject({ ok: true, alpha: 0.03 });
    } finally {
      a.process.kill("SIGCONT");
    }
    expect((await cluster.ownerOf(created.sessionId)).node).toBe("b");
    await new Promise((r) => setTimeout(r, 1_500));
    const log = await storedLog(cluster.databaseUrl, created.sessionId);
    expect(seqsAreContiguous(log)).toBe(true);
    const alphas = log.filter((e) => e.event.type === "guess.submitted").map((e) => (e.event as { alpha: number }).alpha);
    expect(alphas.sort()).toEqual([0.01, 0.03, 0.2]);
    // A knows it lost the session: it stopped writing when its renewal or its append was refused.
    expect(a.output()).toMatch(/session taken over by another node|stopped writing a session/);
    await expectConverged(cluster.databaseUrl, cluster.nodes.map((n) => n.url), created);
    for (const c of [hostOnA, phoneOnA, phoneOnB]) c.close();
  });
});
