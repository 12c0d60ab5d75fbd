import { describe, expect, it } from "vitest";
import { foldEvents, hostView, studentViews, type SessionState } from "@/lib/session";
import { accepted, script, type Script } from "./rules-script";

/**
 * Views reuse standings and calibration ranks between calls (lib/session/leaderboard.ts standings, mastery.ts
 * rankedRows) while the fold changes the state in place. After every event of a lesson, the views of the live state
 * (memos warm, asked after each event as a console and the phones would) must equal those of a fresh fold of the same
 * log (memos cold): a memo that outlives a change of totals, roster or removals shows here.
 */

const at = (state: SessionState, now: number) => ({
  host: hostView(state, { sessionId: "s", joinCode: "ABCDEF", joinUrl: "http://x/play/ABCDEF", replayUrl: "http://x/replay/s", now, isConnected: () => true }),
  phones: [...state.players.keys()].map((id) => studentViews(state, { sessionId: "s", joinCode: "ABCDEF", now, guessesPerRound: 3 })(id)),
});

function expectSameAsFreshFold(s: Script): void {
  const live = at(s.state, s.now);
  // A copy of the log: the fold keeps events' objects (a round's scoring), and memos keyed by them would carry over.
  const fresh = at(foldEvents(structuredClone(s.events)), s.now);
  expect(live).toEqual(fresh);
}

describe("view memos", () => {
  it("never show a leaderboard or calibration board older than the state", async () => {
    const s = script({ scorer: "engine" });
    const step = async (run: () => Promise<unknown>) => {
      accepted((await run()) as never);
      expectSameAsFreshFold(s);
    };
    for (const id of ["p1", "p2", "p3", "p4"]) await step(() => s.join(id));
    for (const [round, alphas] of [
      [1, [0.01, 0.3, 2, 0.05]],
      [2, [0.2, 0.02, 0.5, 3]],
      [3, [0.1, 0.1, 0.1, 0.4]],
    ] as const) {
      await step(() => s.host("round:open", { k: 2, timerSeconds: null }));
      // Removed while a round is open: the revealed rounds (and their scoring) stay as they were.
      if (round === 2) await step(() => s.host("player:kick", { playerId: "p4" }));
      for (const [i, alpha] of alphas.entries()) {
        const id = `p${i + 1}`;
        // p4 (on the calibration board after round 1) is removed in round 2; p2 sits round 3 out.
        if ((id === "p4" && round > 1) || (id === "p2" && round === 3)) continue;
        await step(() => s.guess(id, alpha));
      }
      if (round === 3) await step(() => s.guess("p5", 0.07));
      await step(() => s.host("round:close", {}));
      await step(() => s.host("round:reveal", {}));
      if (round === 2) await step(() => s.join("p5"));
      await step(() => s.host("network:step", { policy: "median" }));
    }
    // The boards moved during the lesson, so the comparison above had something to catch.
    const board = at(s.state, s.now).host;
    expect(board.leaderboard.map((e) => e.playerId)).not.toContain("p4");
    expect(board.calibrationBoard.map((e) => e.playerId)).not.toContain("p4");
    expect(board.calibrationBoard.length).toBeGreaterThan(1);
    expect(new Set(board.leaderboard.map((e) => e.total)).size).toBeGreaterThan(1);
  });
});
