import { describe, expect, it } from "vitest";
import { createSession } from "../helpers/lesson";
import { clusterSkipReason, useCluster } from "./helpers/cluster-fixture";
import { expectConverged, seqsAreContiguous, storedLog } from "./helpers/copies";
import { RoamingHost, RoamingPhone, type NodeRing } from "./helpers/roaming";
import { request } from "../helpers/socket-client";

const skip = clusterSkipReason();

describe.skipIf(skip)("Redis is unreachable for 10 s (a private redis-server, stopped and started again)", () => {
  const cluster = useCluster(["a", "b"]);
  const on = (id: "a" | "b"): NodeRing => ({ urls: () => [cluster.node(id).url] });

  it("keeps every acknowledged command, answers unroutable ones UNAVAILABLE quickly, and converges within 5 s after", async () => {
    const created = await createSession(cluster.node("a").url);
    const host = new RoamingHost(on("a"), 0, created);
    await host.connect();
    expect(await host.send("round:open", {})).toMatchObject({ ok: true });
    expect((await cluster.ownerOf(created.sessionId)).node).toBe("a");
    const local = new RoamingPhone(on("a"), 0, created.joinCode, "Ana");
    const remote = new RoamingPhone(on("b"), 0, created.joinCode, "Ben");
    await local.connect();
    await remote.connect();

    await cluster.redis.stop();
    const acked: number[] = [];
    try {
      await new Promise((r) => setTimeout(r, 500));
      // On the owner, commands need only PostgreSQL: they are decided, stored and acknowledged as usual.
      for (const alpha of [0.01, 0.02, 0.03]) {
        const ack = await local.send("guess:submit", { alpha }, 2_000);
        expect(ack).toMatchObject({ ok: true });
        acked.push(alpha);
      }
      // On B the command cannot reach the owner: a quick UNAVAILABLE (the phone retries), never a hang.
      const started = Date.now();
      const refused = await request<{ ok: boolean; code?: string }>(remote.socket!, "guess:submit", { alpha: 0.5, commandId: "outage-guess-1" });
      expect(refused).toMatchObject({ ok: false, code: "UNAVAILABLE" });
      expect(Date.now() - started).toBeLessThan(1_500);
      const health = await fetch(`${cluster.node("b").url}/api/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ cluster: { mode: "cluster", redis: { ok: false } } });
      await new Promise((r) => setTimeout(r, 8_000));
    } finally {
      await cluster.redis.start();
    }
    const backAt = Date.now();
    // The phone on B retries its guess under the same commandId as soon as the node can route it again.
    const retried = await remote.send("guess:submit", { alpha: 0.5 }, 10_000);
    expect(retried).toMatchObject({ ok: true });
    acked.push(0.5);
    await expectConverged(cluster.databaseUrl, cluster.nodes.map((n) => n.url), created, 5_000);
    // The host's console (on A) shows B's guess, and B's copy shows A's: both views converged.
    await host.views.waitFor((v) => v.round?.guesses.length === 2, 5_000);
    console.log(`redis outage: converged ${Date.now() - backAt} ms after Redis came back`);
    const log = await storedLog(cluster.databaseUrl, created.sessionId);
    expect(seqsAreContiguous(log)).toBe(true);
    const alphas = log.filter((e) => e.event.type === "guess.submitted").map((e) => (e.event as { alpha: number }).alpha);
    expect(alphas.sort()).toEqual(acked.sort());
    for (const c of [host, local, remote]) c.close();
  });
});
