import { describe, expect, expectTypeOf, it } from "vitest";
import { ErrorCode, HOST_COMMANDS, type AckError, type CommandRequestParsed, type CommandResponse, type HostCommandName } from "@/lib/protocol";
import { decide, medianAlpha, type JoinResponse, type TimerCloseResponse } from "@/lib/session";
import { accepted, GUESS_CAP, script, START } from "./rules-script";

const refused = (decision: object): AckError => {
  if (!("ok" in decision)) throw new Error(`expected a refusal, got ${JSON.stringify(decision)}`);
  return decision as AckError;
};

async function lobbyWith(...names: string[]) {
  const s = script();
  for (const name of names) accepted(await s.join(name));
  return s;
}

describe("decide: joining", () => {
  it("adds a player with a typed response and the row to store", async () => {
    const s = script();
    const d = accepted(await s.join("ann"));
    expectTypeOf(d.response).toEqualTypeOf<JoinResponse>();
    expect(d.events).toEqual([{ type: "player.joined", playerId: "ann", nickname: "ann" }]);
    expect(d.response).toEqual({ playerId: "ann" });
    expect(d.newPlayer).toEqual({ id: "ann", nickname: "ann", nicknameKey: "ann", tokenHash: "token-ann" });
  });

  it("is idempotent through the token lookup: a retried join is the same player, even once joining is locked", async () => {
    const s = await lobbyWith("ann");
    accepted(await s.host("session:lock", { locked: true }));
    const again = accepted(await s.join("ann"));
    expect(again).toEqual({ events: [], response: { playerId: "ann", rejoined: true } });
    expect(refused(await s.join("ben"))).toMatchObject({ code: ErrorCode.SESSION_LOCKED });
  });

  it("refuses a taken nickname, a full session and a removed player's retry", async () => {
    const s = script({ maxPlayers: 2 });
    accepted(await s.join("ann"));
    expect(refused(await s.run({ kind: "join", player: { id: "ann2", nickname: "ANN", nicknameKey: "ann", tokenHash: "t2" } }))).toMatchObject({
      code: ErrorCode.NICKNAME_TAKEN,
    });
    accepted(await s.join("ben"));
    expect(refused(await s.join("cat"))).toMatchObject({ code: ErrorCode.SESSION_FULL, message: "This session is full (2 players)" });
    accepted(await s.host("player:kick", { playerId: "ben" }));
    expect(refused(await s.join("ben"))).toMatchObject({ code: ErrorCode.PLAYER_KICKED });
    // The removed player's seat is free again.
    accepted(await s.join("cat"));
  });
});

describe("decide: guessing", () => {
  it("records a guess in the open round, with a typed response", async () => {
    const s = await lobbyWith("ann");
    expect(refused(await s.guess("ann", 0.1))).toMatchObject({ code: ErrorCode.ROUND_CLOSED });
    accepted(await s.host("round:open", { timerSeconds: null, k: 1 }));
    const d = accepted(await s.guess("ann", 0.1));
    expectTypeOf(d.response).toEqualTypeOf<CommandResponse<"guess:submit">>();
    expect(d.events).toEqual([{ type: "guess.submitted", round: 1, playerId: "ann", alpha: 0.1 }]);
    expect(d.response).toEqual({ round: 1, alpha: 0.1 });
  });

  it("caps guesses per round, refuses α out of range, while paused and from removed players", async () => {
    const s = await lobbyWith("ann", "ben");
    accepted(await s.host("round:open", undefined));
    for (let i = 0; i < GUESS_CAP; i++) accepted(await s.guess("ann", 0.1 + i / 100));
    expect(refused(await s.guess("ann", 0.2))).toMatchObject({ code: ErrorCode.GUESS_LIMIT });
    expect(refused(await s.guess("ben", 1000))).toMatchObject({ code: ErrorCode.ALPHA_OUT_OF_RANGE });
    accepted(await s.host("session:pause", undefined));
    expect(refused(await s.guess("ben", 0.1))).toMatchObject({ code: ErrorCode.SESSION_PAUSED });
    accepted(await s.host("session:resume", undefined));
    accepted(await s.host("player:kick", { playerId: "ben" }));
    expect(refused(await s.guess("ben", 0.1))).toMatchObject({ code: ErrorCode.PLAYER_KICKED });
    expect(refused(await s.guess("nobody", 0.1))).toMatchObject({ code: ErrorCode.PLAYER_KICKED });
  });
});

describe("decide: the round timer", () => {
  it("does nothing for a round that moved on, an untimed round or a paused session, and closes its own round", async () => {
    const s = await lobbyWith("ann");
    const timer = (round: number) => decide(s.state, { kind: "timer-close", round }, s.ctx());
    expect(await timer(1)).toEqual({ events: [], response: {} });
    accepted(await s.host("round:open", { timerSeconds: null }));
    expect(await timer(1)).toEqual({ events: [], response: {} });
    accepted(await s.host("round:close", undefined));
    const opened = accepted(await s.host("round:open", { timerSeconds: 30 }));
    expect(opened.response).toEqual({ round: 2, deadline: s.now + 30_000 });
    expect(await timer(1)).toEqual({ events: [], response: {} });
    accepted(await s.host("session:pause", undefined));
    expect(await timer(2)).toEqual({ events: [], response: {} });
    accepted(await s.host("session:resume", undefined));
    const closed = accepted(await timer(2));
    expectTypeOf(closed.response).toEqualTypeOf<TimerCloseResponse>();
    expect(closed.response).toEqual({ round: 2 });
    expect(closed.events).toMatchObject([{ type: "round.closed", round: 2, reason: "timer" }]);
  });
});

describe("decide: host commands", () => {
  it("opens, closes and reveals a round, each with its typed response", async () => {
    const s = await lobbyWith("ann", "ben", "cat");
    const open = accepted(await s.host("round:open", { timerSeconds: 60, k: 2 }));
    expectTypeOf(open.response).toEqualTypeOf<CommandResponse<"round:open">>();
    expect(open.events).toEqual([{ type: "round.opened", round: 1, k: 2, timerSeconds: 60, deadline: s.now + 60_000 }]);
    expect(refused(await s.host("round:open", undefined))).toMatchObject({ code: ErrorCode.ROUND_OPEN, message: "Round 1 is already open" });
    expect(refused(await s.host("round:reveal", undefined))).toMatchObject({ code: ErrorCode.ROUND_OPEN });
    for (const [name, alpha] of [["ann", 0.01], ["ben", 0.1], ["cat", 9]] as const) accepted(await s.guess(name, alpha));
    const close = accepted(await s.host("round:close", undefined));
    expect(close.response).toEqual({ round: 1 });
    expect(close.events).toMatchObject([{ type: "round.closed", round: 1, reason: "host", scoring: { k: 2 } }]);
    expect(refused(await s.host("round:close", undefined))).toMatchObject({ code: ErrorCode.NO_OPEN_ROUND, message: "Round 1 is already closed" });
    expect(accepted(await s.host("round:reveal", undefined))).toEqual({ events: [{ type: "round.revealed", round: 1 }], response: { round: 1 } });
    expect(refused(await s.host("round:reveal", undefined))).toMatchObject({ code: ErrorCode.INVALID_STATE });
    // Totals count once the round is revealed (the fake scorer: 1000 / (1 + decades from 0.1); α ≥ 5 diverges).
    expect([...s.state.players.values()].map((p) => p.total)).toEqual([500, 1000, 0]);
  });

  it("steps with α from each policy, refusing class-based ones until the current round is revealed", async () => {
    const s = await lobbyWith("ann", "ben", "cat");
    expect(refused(await s.host("network:step", { policy: "median" }))).toMatchObject({ code: ErrorCode.NO_GUESSES });
    const mine = accepted(await s.host("network:step", { policy: "host", alpha: 0.05 }));
    expectTypeOf(mine.response).toEqualTypeOf<CommandResponse<"network:step">>();
    expect(mine.response.alpha).toBe(0.05);
    expect(mine.events).toMatchObject([{ type: "network.stepped", policy: "host", alpha: 0.05, playerId: null, requestedSteps: 1, stepsApplied: 1 }]);

    accepted(await s.host("round:open", undefined));
    expect(refused(await s.host("network:step", { policy: "host", alpha: 0.05 }))).toMatchObject({ code: ErrorCode.ROUND_OPEN });
    for (const [name, alpha] of [["ann", 0.01], ["ben", 0.1], ["cat", 9]] as const) accepted(await s.guess(name, alpha));
    accepted(await s.host("round:close", undefined));
    expect(refused(await s.host("network:step", { policy: "median" }))).toEqual({
      ok: false,
      code: ErrorCode.NOT_REVEALED,
      message: "Reveal round 1 first: the class should see the guesses before one is used",
    });
    accepted(await s.host("round:reveal", undefined));
    const median = accepted(await s.host("network:step", { policy: "median" }));
    expect(median.response.alpha).toBe(medianAlpha(s.state.rounds[0]));
    const best = accepted(await s.host("network:step", { policy: "best-guess" }));
    expect(best.events).toMatchObject([{ policy: "best-guess", alpha: 0.1, playerId: "ben" }]);
    const student = accepted(await s.host("network:step", { policy: "player", playerId: "cat" }));
    expect(student.events).toMatchObject([{ policy: "player", alpha: 9, playerId: "cat" }]);
    expect(refused(await s.host("network:step", { policy: "player", playerId: "zed" }))).toMatchObject({ code: ErrorCode.PLAYER_NOT_FOUND });

    // Round 2 closed but not revealed: round 1 is still the last revealed one, but its guesses are not used now.
    accepted(await s.host("round:open", undefined));
    accepted(await s.host("round:close", undefined));
    for (const policy of ["median", "best-guess"] as const)
      expect(refused(await s.host("network:step", { policy }))).toMatchObject({ code: ErrorCode.NOT_REVEALED, message: expect.stringMatching(/^Reveal round 2 first/) });
    accepted(await s.host("network:step", { policy: "engine" }));

    const run = accepted(await s.host("network:run", { alpha: 0.05, steps: 4 }));
    expect(run.response).toMatchObject({ stepsApplied: 4, diverged: false });
    const reset = accepted(await s.host("network:reset", { seed: "new" }));
    expect(reset.response).toEqual({ seed: 1001 });
    expect(accepted(await s.host("network:reset", { seed: "same" })).response).toEqual({ seed: s.state.config.seed });
  });

  it("pauses with the time left on the timer and resumes with a new deadline", async () => {
    const s = await lobbyWith("ann");
    accepted(await s.host("round:open", { timerSeconds: 30 }));
    const openedAt = s.now;
    const pause = accepted(await s.host("session:pause", undefined));
    expect(pause.events).toEqual([{ type: "session.paused", remainingMs: openedAt + 30_000 - s.now }]);
    expect(refused(await s.host("session:pause", undefined))).toMatchObject({ code: ErrorCode.INVALID_STATE });
    expect(refused(await s.host("round:open", undefined))).toMatchObject({ code: ErrorCode.SESSION_PAUSED });
    const resume = accepted(await s.host("session:resume", undefined));
    expect(resume.events).toEqual([{ type: "session.resumed", deadline: s.now + 29_000 }]);
    expect(refused(await s.host("session:resume", undefined))).toMatchObject({ code: ErrorCode.INVALID_STATE });
  });

  it("session:end closes, scores and reveals the open round, then ends; afterwards every host command is refused", async () => {
    const s = await lobbyWith("ann");
    accepted(await s.host("round:open", undefined));
    accepted(await s.guess("ann", 0.1));
    const end = accepted(await s.host("session:end", undefined));
    expect(end.events.map((e) => e.type)).toEqual(["round.closed", "round.revealed", "session.ended"]);
    expect(end.events[0]).toMatchObject({ reason: "end", round: 1 });
    expect(s.state.players.get("ann")!.total).toBe(1000);
    const payloads: { [K in HostCommandName]: CommandRequestParsed<K> } = {
      "round:open": undefined,
      "round:close": undefined,
      "round:reveal": undefined,
      "network:step": { policy: "host", alpha: 0.1 },
      "network:run": { alpha: 0.1, steps: 1 },
      "network:reset": { seed: "same" },
      "session:pause": undefined,
      "session:resume": undefined,
      "session:end": undefined,
      "session:lock": { locked: true },
      "player:kick": { playerId: "ann" },
    };
    for (const name of HOST_COMMANDS)
      expect(refused(await s.host(name, payloads[name])), name).toMatchObject({ code: ErrorCode.SESSION_ENDED });
    expect(refused(await s.join("ben"))).toMatchObject({ code: ErrorCode.SESSION_ENDED });
    expect(refused(await s.guess("ann", 0.1))).toMatchObject({ code: ErrorCode.SESSION_ENDED });
  });

  it("session:end reveals a closed round that was not revealed", async () => {
    const s = await lobbyWith("ann");
    accepted(await s.host("round:open", undefined));
    accepted(await s.host("round:close", undefined));
    expect(accepted(await s.host("session:end", undefined)).events).toEqual([{ type: "round.revealed", round: 1 }, { type: "session.ended" }]);
  });

  it("kicks all or nothing, skipping players already removed; locking to the same value changes nothing", async () => {
    const s = await lobbyWith("ann", "ben", "cat");
    const before = s.events.length;
    expect(refused(await s.host("player:kick", { playerIds: ["ann", "zed"] }))).toMatchObject({ code: ErrorCode.PLAYER_NOT_FOUND });
    expect(s.events.length).toBe(before);
    const kick = accepted(await s.host("player:kick", { playerIds: ["ann", "ann", "ben"] }));
    expect(kick.events).toEqual([{ type: "player.kicked", playerId: "ann" }, { type: "player.kicked", playerId: "ben" }]);
    expect(kick.response).toEqual({ removed: 2 });
    expect(accepted(await s.host("player:kick", { playerIds: ["ann", "cat"] })).response).toEqual({ removed: 1 });
    expect(accepted(await s.host("session:lock", { locked: false }))).toEqual({ events: [], response: {} });
    expect(accepted(await s.host("session:lock", { locked: true })).events).toEqual([{ type: "session.locked", locked: true }]);
  });

  it("never reads the clock itself: the same commands at the same ctx times give the same log", async () => {
    const play = async () => {
      const s = await lobbyWith("ann", "ben");
      accepted(await s.host("round:open", { timerSeconds: 20 }));
      accepted(await s.guess("ann", 0.3));
      accepted(await s.host("round:close", undefined));
      return s.events;
    };
    const [a, b] = [await play(), await play()];
    expect(a).toEqual(b);
    expect(a[0].at).toBe(START);
  });
});
