import { describe, expect, it } from "vitest";
import { createSession } from "../helpers/lesson";
import { clusterSkipReason, useCluster } from "./helpers/cluster-fixture";
import { expectConverged, seqsAreContiguous, storedLog } from "./helpers/copies";
import { RoamingHost, RoamingPhone, type NodeRing } from "./helpers/roaming";

const skip = clusterSkipReason();

describe.skipIf(skip)("a node that owns nothing is killed (kill -9)", () => {
  const cluster = useCluster(["a", "b", "c"]);
  const alive = new Set(["a", "b", "c"]);
  const ring = (first: string): NodeRing => ({
    urls: () => [first, ...["a", "b", "c"].filter((id) => id !== first)].filter((id) => alive.has(id)).map((id) => cluster.node(id).url),
  });

  it("its phones reconnect elsewhere and go on; another session is not disturbed", async () => {
    const lesson = await createSession(cluster.node("a").url);
    const other = await createSession(cluster.node("b").url);
    const host = new RoamingHost(ring("a"), 0, lesson);
    const otherHost = new RoamingHost(ring("b"), 0, other);
    await host.connect();
    await otherHost.connect();
    expect(await host.send("round:open", {})).toMatchObject({ ok: true });
    expect(await otherHost.send("round:open", {})).toMatchObject({ ok: true });
    const onC = [new RoamingPhone(ring("c"), 0, lesson.joinCode, "Ana"), new RoamingPhone(ring("c"), 0, lesson.joinCode, "Ben")];
    const otherPhone = new RoamingPhone(ring("b"), 0, other.joinCode, "Zed");
    for (const p of [...onC, otherPhone]) await p.connect();
    for (const [i, p] of onC.entries()) expect(await p.send("guess:submit", { alpha: 0.01 * (i + 1) })).toMatchObject({ ok: true });
    expect((await cluster.ownerOf(lesson.sessionId)).node).toBe("a");

    cluster.node("c").process.kill("SIGKILL");
    alive.delete("c");
    const killedAt = Date.now();
    // The other session, on nodes that are still up, goes on without a hitch meanwhile.
    expect(await otherPhone.send("guess:submit", { alpha: 0.4 }, 2_000)).toMatchObject({ ok: true });
    for (const [i, p] of onC.entries()) expect(await p.send("guess:submit", { alpha: 0.1 * (i + 1) })).toMatchObject({ ok: true });
    console.log(`non-owner killed: its phones were playing again ${Date.now() - killedAt} ms later`);
    for (const p of onC) expect(p.url).not.toBe(cluster.node("c").url);
    // The owner never changed: nothing needed taking over.
    expect((await cluster.ownerOf(lesson.sessionId)).node).toBe("a");
    expect(await host.send("round:close", {})).toMatchObject({ ok: true });
    const log = await storedLog(cluster.databaseUrl, lesson.sessionId);
    expect(seqsAreContiguous(log)).toBe(true);
    expect(log.filter((e) => e.event.type === "guess.submitted")).toHaveLength(4);
    await expectConverged(cluster.databaseUrl, ring("a").urls(), lesson);
    await expectConverged(cluster.databaseUrl, ring("a").urls(), other);
    for (const c of [host, otherHost, otherPhone, ...onC]) c.close();
  });
});
