import { describe, expect, it } from "vitest";
import { newJoinKey } from "@/app/_lib/join-key";
import { JoinKeySchema } from "@/lib/protocol";
import {
  emptySelection,
  keepOnly,
  removalChunks,
  selectAfter,
  toggleOne,
  toggleRange,
} from "@/app/host/_components/range-selection";

const order = Array.from({ length: 1000 }, (_, i) => `p${i}`);

describe("selecting a wave of junk joins in the console", () => {
  it("shift-click selects the range from the last clicked player, in join order, and can clear it the same way", () => {
    let s = toggleOne(emptySelection, "p10");
    s = toggleRange(s, order, "p999");
    expect(s.selected.size).toBe(990);
    expect(s.selected.has("p9")).toBe(false);
    s = toggleOne(s, "p500"); // unselect one: the anchor is now an unselected player
    s = toggleRange(s, order, "p400");
    expect(s.selected.size).toBe(990 - 101);
  });

  it("selects everyone who joined after a player, drops removed players, and sends at most 500 ids per command", () => {
    const s = selectAfter(emptySelection, order, "p2");
    expect(s.selected.size).toBe(997);
    const chunks = removalChunks(s, order);
    expect(chunks.map((c) => c.length)).toEqual([500, 497]);
    expect(chunks[0][0]).toBe("p3");
    const after = keepOnly(s, order.slice(0, 10));
    expect([...after.selected]).toEqual(["p3", "p4", "p5", "p6", "p7", "p8", "p9"]);
  });
});

describe("join keys", () => {
  it("are 256-bit base64url strings the server accepts, and differ every time", () => {
    const a = newJoinKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JoinKeySchema.safeParse(a).success).toBe(true);
    expect(newJoinKey()).not.toBe(a);
  });
});
