import { describe, expect, it } from "vitest";
import { NodeMessageSchema } from "@/server/cluster/cluster-messages";

/** A guess forwarded between cluster nodes keeps its kind: a β stays a β (decide then checks it fits the round). */
describe("a forwarded guess", () => {
  const forwarded = (command: object) => NodeMessageSchema.parse({ t: "cmds", from: "node-a", items: [{ rid: "r1", sessionId: "s1", command }] });

  it("carries an α or a β, and nothing else", () => {
    const beta = forwarded({ kind: "guess", playerId: "p1", beta: 0.9, from: "sock", commandId: "c1" });
    expect(beta.t === "cmds" && beta.items[0].command).toEqual({ kind: "guess", playerId: "p1", beta: 0.9, from: "sock", commandId: "c1" });
    const alpha = forwarded({ kind: "guess", playerId: "p1", alpha: 0.1 });
    expect(alpha.t === "cmds" && alpha.items[0].command).toEqual({ kind: "guess", playerId: "p1", alpha: 0.1 });
    expect(() => forwarded({ kind: "guess", playerId: "p1", beta: "0.9" })).toThrow();
  });
});
