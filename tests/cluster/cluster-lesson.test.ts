import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import type { HostView } from "@/lib/protocol";
import { nodeChannel } from "@/server/cluster/cluster-messages";
import { attachHost, createSession, joinStudent } from "../helpers/lesson";
import { clusterSkipReason, useCluster } from "./helpers/cluster-fixture";
import { expectConverged, seqsAreContiguous, storedLog } from "./helpers/copies";

const skip = clusterSkipReason();
const commandId = () => randomBytes(12).toString("base64url");
const guessesIn = (view: HostView) => view.round?.guesses.length ?? 0;

describe.skipIf(skip)("a cluster of three nodes plays one lesson", () => {
  const cluster = useCluster(["a", "b", "c"]);

  it("reports cluster mode, its node id and Redis in /api/health", async () => {
    for (const node of cluster.nodes) {
      const response = await fetch(`${node.url}/api/health`);
      expect(response.status).toBe(200);
      const health = (await response.json()) as { cluster: unknown };
      expect(health.cluster).toEqual({ mode: "cluster", nodeId: node.id, redis: { ok: true } });
    }
  });

  it("host on A, phones on B and C: the same round, guesses, reveal, steps and a kick, as on one machine", async () => {
    const [a, b, c] = cluster.nodes;
    const created = await createSession(a.url, { config: { scenario: "one-weight", seed: 7 } });
    const host = await attachHost(a.url, created);
    // Nobody wrote the session when its console attached: A, the console's node, writes it (no relay for the projector).
    expect((await cluster.ownerOf(created.sessionId)).node).toBe("a");
    const ana = await joinStudent(b.url, created.joinCode, "Ana");
    const ben = await joinStudent(c.url, created.joinCode, "Ben");
    const cy = await joinStudent(b.url, created.joinCode, "Cy");
    // The console on A hears of students who joined on B and C.
    await host.views.waitFor((v) => v.players.length === 3);

    // What A sends B on B's own channel from here on: answers that changed the log ride in the session's batches.
    const toB = new Redis(cluster.redis.url);
    const answersToB: unknown[] = [];
    toB.on("message", (_channel: string, framed: string) => {
      const message = JSON.parse(framed.slice(framed.indexOf(" ") + 1)) as { t: string; items: unknown[] };
      if (message.t === "acks") answersToB.push(...message.items);
    });
    await toB.subscribe(nodeChannel("b"));

    expect(await host.send("round:open", { commandId: commandId() })).toMatchObject({ ok: true, round: 1 });
    // Phones on other nodes hear of the round and may guess in it (the bug this issue reproduced).
    for (const phone of [ana, ben, cy]) await phone.views.waitFor((v) => v.round?.status === "open");
    const retried = commandId();
    const first = await ana.send("guess:submit", { alpha: 0.05, commandId: retried });
    expect(first).toMatchObject({ ok: true, round: 1, alpha: 0.05 });
    expect(await ben.send("guess:submit", { alpha: 0.3, commandId: commandId() })).toMatchObject({ ok: true });
    expect(await cy.send("guess:submit", { alpha: 0.9, commandId: commandId() })).toMatchObject({ ok: true });
    // A retry of the same action (its ack was lost, say) gets the same answer and is not applied again.
    expect(await ana.send("guess:submit", { alpha: 0.05, commandId: retried })).toEqual(first);
    await host.views.waitFor((v) => guessesIn(v) === 3);
    // Ana's and Cy's guesses (on B) were answered inside the batches B applies anyway: no separate answer message.
    expect(answersToB).toEqual([]);

    expect(await host.send("round:close", { commandId: commandId() })).toMatchObject({ ok: true, round: 1 });
    expect(await host.send("round:reveal", { commandId: commandId() })).toMatchObject({ ok: true, round: 1 });
    for (const phone of [ana, ben, cy]) await phone.views.waitFor((v) => v.round?.status === "revealed");
    // A refusal changes no log, so no batch carries it: its answer goes to B on its own, as the only one.
    expect(await ana.send("guess:submit", { alpha: 0.2, commandId: commandId() })).toMatchObject({ ok: false, code: "ROUND_CLOSED" });
    expect(answersToB).toHaveLength(1);
    toB.disconnect();
    expect(await host.send("network:step", { policy: "median", commandId: commandId() })).toMatchObject({ ok: true });
    // The kicked phone sits on B; the kick was decided wherever the session's writer is.
    const kicked = new Promise<void>((resolve) => cy.socket.once("player:kicked", () => resolve()));
    expect(await host.send("player:kick", { playerId: cy.playerId, commandId: commandId() })).toMatchObject({ ok: true });
    await kicked;

    const log = await storedLog(cluster.databaseUrl, created.sessionId);
    expect(seqsAreContiguous(log)).toBe(true);
    expect(log.filter((e) => e.event.type === "guess.submitted")).toHaveLength(3);
    expect(log.filter((e) => e.event.type === "round.closed")).toHaveLength(1);
    await expectConverged(cluster.databaseUrl, cluster.nodes.map((n) => n.url), created);
    for (const s of [host, ana, ben, cy]) s.socket.disconnect();
  });

  it("a phone resumes by token on any node", async () => {
    const [a, b, c] = cluster.nodes;
    const created = await createSession(a.url);
    const dee = await joinStudent(b.url, created.joinCode, "Dee");
    dee.socket.disconnect();
    const { resumeStudent } = await import("../helpers/lesson");
    const again = await resumeStudent(c.url, dee.sessionId, dee.playerToken);
    expect(again.ack).toMatchObject({ ok: true, playerId: dee.playerId });
    again.socket.disconnect();
  });
});
