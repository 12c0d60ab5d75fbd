import { describe, expect, it } from "vitest";
import { HostPatchSchema, type HostPatch, type HostView } from "@/lib/protocol";
import { applyHostPatch, diffHostView, hostView, HostViewCopy, needsSnapshot, type SessionState } from "@/lib/session";
import { accepted, script, type Script } from "./rules-script";

/**
 * The console's patches: applying the diff of two views to the first gives exactly the second, over the states of a
 * whole lesson (adjacent and far apart), with presence changing under it; the views already sent are never changed
 * by the state moving on; and a burst of guesses in a big class costs a few bytes per guess.
 */

function viewOf(state: SessionState, now: number, online: (id: string) => boolean = () => true): HostView {
  return hostView(state, { sessionId: "session-1", joinCode: "ABCDEF", joinUrl: "http://x/play/ABCDEF", replayUrl: "http://x/replay/1", now, isConnected: online });
}

/**
 * Every state of a lesson that touches each part of the host view, as the views a console would have been sent. With
 * momentum on, the lesson also plays a β round (its kind, fixed α, insight and the calibration board change) and steps
 * on the class's β.
 */
async function lessonViews(momentum = false): Promise<{ views: HostView[]; frozen: string[] }> {
  const s: Script = script({ maxPlayers: 100, config: momentum ? { optimizer: { kind: "momentum", beta: 0.9 } } : {} });
  const views: HostView[] = [];
  const frozen: string[] = [];
  let tick = 0;
  const record = () => {
    tick++;
    // Presence flickers: every third player is offline on every other view.
    const view = viewOf(s.state, s.now, (id) => !(tick % 2 === 0 && Number(id.slice(1)) % 3 === 0));
    views.push(view);
    frozen.push(JSON.stringify(view));
  };
  record();
  for (let i = 1; i <= 7; i++) {
    accepted(await s.join(`p${i}`, `Player ${i}`));
    record();
  }
  accepted(await s.host("round:open", { k: 2, timerSeconds: null }));
  record();
  for (const [id, alpha] of [["p3", 0.3], ["p1", 0.01], ["p7", 2], ["p5", 0.1], ["p3", 0.05], ["p2", 6]] as const) {
    accepted(await s.guess(id, alpha));
    record();
  }
  accepted(await s.host("player:kick", { playerId: "p5" }));
  record();
  accepted(await s.host("round:close", {}));
  record();
  accepted(await s.host("round:reveal", {}));
  record();
  accepted(await s.host("network:step", { policy: "median" }));
  record();
  accepted(await s.host("round:open", { k: 1, timerSeconds: 30 }));
  record();
  accepted(await s.guess("p4", 0.2));
  record();
  accepted(await s.host("session:pause", {}));
  record();
  accepted(await s.host("session:resume", {}));
  record();
  accepted(await s.host("round:close", {}));
  record();
  accepted(await s.host("round:reveal", {}));
  record();
  accepted(await s.host("network:run", { steps: 3, alpha: 0.05 }));
  record();
  accepted(await s.host("network:reset", { seed: "same" }));
  record();
  accepted(await s.join("p8", "Late"));
  record();
  accepted(await s.host("session:lock", { locked: true }));
  record();
  if (momentum) {
    accepted(await s.host("round:open", { guess: "beta", k: 3 }));
    record();
    for (const [id, beta] of [["p1", 0.9], ["p3", 0.99], ["p8", 0], ["p1", 0.95]] as const) {
      accepted(await s.guessBeta(id, beta));
      record();
    }
    accepted(await s.host("round:close", {}));
    record();
    accepted(await s.host("round:reveal", {}));
    record();
    accepted(await s.host("network:step", { policy: "median" }));
    record();
  }
  accepted(await s.host("session:end", {}));
  record();
  return { views, frozen };
}

describe("host view patches", () => {
  it.each([
    ["plain descent", false],
    ["momentum, with a β round", true],
  ])("rebuild every view of a lesson exactly, from the one before and from far back (%s)", async (_label, momentum) => {
    const { views, frozen } = await lessonViews(momentum);
    // Views sent earlier are not changed by the state moving on (a patch is diffed against them).
    views.forEach((view, i) => expect(JSON.stringify(view)).toBe(frozen[i]));
    let patches = 0;
    for (let gap = 1; gap <= 5; gap++) {
      for (let i = 0; i + gap < views.length; i++) {
        const [a, b] = [views[i], views[i + gap]];
        expect(needsSnapshot(a, b)).toBe(false);
        const patch = diffHostView(a, b, 7, 8);
        if (!patch) {
          expect({ ...b, serverNow: 0 }).toEqual({ ...a, serverNow: 0 });
          continue;
        }
        patches++;
        expect(HostPatchSchema.parse(patch)).toEqual(patch);
        // Through JSON, as it travels.
        expect(applyHostPatch(a, JSON.parse(JSON.stringify(patch)) as HostPatch)).toEqual(b);
      }
    }
    expect(patches).toBeGreaterThan(100);
  });

  it("send nothing when only the clock moved, and only the changed fields when a player comes online", async () => {
    const s = script();
    accepted(await s.join("p1"));
    accepted(await s.join("p2"));
    const a = viewOf(s.state, 1000, () => false);
    expect(diffHostView(a, viewOf(s.state, 2000, () => false), 1, 2)).toBeNull();
    const patch = diffHostView(a, viewOf(s.state, 3000, (id) => id === "p2"), 1, 2)!;
    expect(patch).toEqual({ base: 1, rev: 2, seq: a.seq, serverNow: 3000, players: { set: [[1, { connected: true }]] } });
  });

  it("keep a burst of guesses in a 4,000-player class to a few bytes per guess", async () => {
    const s = script({ maxPlayers: 5000 });
    for (let i = 0; i < 4000; i++) accepted(await s.join(`p${i}`, `Player ${i}`));
    accepted(await s.host("round:open", { k: 1, timerSeconds: null }));
    const before = viewOf(s.state, s.now);
    // A quarter of the class guesses between two patches, in random order, with full-precision α.
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 1000; i++) accepted(await s.guess(`p${Math.floor(random() * 4000)}`, 10 ** (-3 + random() * 3.7)));
    const after = viewOf(s.state, s.now);
    const patch = diffHostView(before, after, 1, 2)!;
    const bytes = JSON.stringify(patch).length;
    const guesses = after.round!.guesses.length;
    expect(applyHostPatch(before, patch)).toEqual(after);
    expect(bytes / guesses).toBeLessThan(26);
    // The whole view is ~25× that.
    expect(JSON.stringify(after).length).toBeGreaterThan(20 * bytes);
  });

  it("tell a copy on another revision to fetch a fresh snapshot", async () => {
    const s = script();
    accepted(await s.join("p1"));
    const a = viewOf(s.state, 1);
    accepted(await s.join("p2"));
    const b = viewOf(s.state, 2);
    const copy = new HostViewCopy();
    expect(copy.receive(diffHostView(a, b, 1, 2)!)).toBe("resync");
    copy.snapshot({ view: a, rev: 1 });
    expect(copy.receive(diffHostView(a, b, 4, 5)!)).toBe("resync");
    expect(copy.receive(diffHostView(a, b, 1, 2)!)).toEqual({ applied: b });
    expect(copy.rev).toBe(2);
  });
});
