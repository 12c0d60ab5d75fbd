import { describe, expect, it } from "vitest";
import { ErrorCode, StepPolicy, type AckError, type CommandRequestParsed, type HostCommandName, type Gate, type StepGate, type HostGates, type HostView, type StepPolicy as Policy } from "@/lib/protocol";
import { computeHostGates, decide, hostGates, hostView, studentViews, type Decision } from "@/lib/session";
import { accepted, GUESS_CAP, script, type Script } from "./rules-script";

/**
 * The console renders view.gates and decides nothing. These tests prove it cannot drift from the server: in every
 * state of a lesson, each gate is open exactly when decide accepts the command that button sends (its payload built
 * here as the console builds it, from the view), and a closed gate carries decide's own code and reason.
 */

const viewOf = (s: Script): HostView =>
  hostView(s.state, { sessionId: "session-id-000", joinCode: "ABCDEF", joinUrl: "", replayUrl: "", now: s.now, isConnected: () => true });

/** What each button sends, from the view only (as app/host/_components builds it). */
async function consoleDecisions(s: Script, view: HostView) {
  const ctx = s.ctx();
  const host = <K extends HostCommandName>(name: K, payload: CommandRequestParsed<K>) => decide(s.state, { kind: "host", name, payload }, ctx);
  const revealed = view.round?.status === "revealed" ? view.round : null;
  // The student picker lists the current round's results once it is revealed; with nobody to pick, nothing is sent.
  const pick = revealed?.results?.[0]?.playerId;
  const active = view.players.filter((p) => !p.kicked).map((p) => p.id);
  const step = (policy: Policy) =>
    host("network:step", policy === "host" ? { policy, alpha: 0.3 } : policy === "player" ? { policy, playerId: pick ?? "" } : { policy });
  const steps = {} as Record<Policy, Decision | AckError>;
  for (const policy of Object.values(StepPolicy)) steps[policy] = await step(policy);
  return {
    gates: {
      "round:open": await host("round:open", { timerSeconds: 30, k: 1 }),
      // "Open a β round" with the console's defaults (k and α left to the server).
      "round:open-beta": await host("round:open", { timerSeconds: 30, guess: "beta" }),
      "round:close": await host("round:close", undefined),
      "round:reveal": await host("round:reveal", undefined),
      "network:run": await host("network:run", { alpha: 0.5, steps: 10 }),
      "network:reset": await host("network:reset", { seed: "new" }),
      "session:pause": await host("session:pause", undefined),
      "session:resume": await host("session:resume", undefined),
      "session:end": await host("session:end", undefined),
      "session:lock": await host("session:lock", { locked: !view.session.locked }),
      "player:kick": active.length ? await host("player:kick", { playerIds: active }) : null,
    },
    steps,
    pick,
  };
}

function expectGate(gate: Gate, decision: Decision | AckError, label: string) {
  if ("ok" in decision) expect(gate, label).toEqual({ ok: false, code: decision.code, why: decision.message });
  else expect(gate, label).toEqual({ ok: true });
}

/** A step gate also names the α its policy picks: it must be the α the step then actually takes. */
function expectStepGate(gate: StepGate, decision: Decision | AckError, label: string) {
  if ("ok" in decision || !gate.ok) return expectGate(gate.ok ? { ok: true } : gate, decision, label);
  expect(gate.ok, label).toBe(true);
  const stepped = decision.events.find((e) => e.type === "network.stepped");
  if (gate.alpha !== undefined) {
    expect(stepped && stepped.type === "network.stepped" ? stepped.alpha : undefined, `${label}: α`).toBe(gate.alpha);
    expect(stepped && stepped.type === "network.stepped" ? stepped.playerId : undefined, `${label}: whose α`).toBe(gate.playerId);
    // And the class's β when the step takes one (after a β round), or none.
    expect(stepped && stepped.type === "network.stepped" ? stepped.beta : undefined, `${label}: β`).toBe(gate.beta);
  }
}

async function expectGatesMatchDecide(s: Script, label: string) {
  const view = viewOf(s);
  expect(view.gates).toEqual(hostGates(s.state));
  const { gates, steps, pick } = await consoleDecisions(s, view);
  for (const [name, decision] of Object.entries(gates) as [Exclude<keyof HostGates, "network:step">, Decision | AckError | null][])
    if (decision) expectGate(view.gates[name], decision, `${label}: ${name}`);
  for (const policy of Object.values(StepPolicy)) {
    // With no student to pick the console sends nothing; the gate must be closed then.
    if (policy === "player" && pick === undefined) expect(view.gates["network:step"].player.ok, `${label}: player step`).toBe(false);
    else expectStepGate(view.gates["network:step"][policy], steps[policy], `${label}: step ${policy}`);
  }
  // Phones: whether a guess would be accepted now, for every player.
  const phones = studentViews(s.state, { sessionId: "session-id-000", joinCode: "ABCDEF", now: s.now, guessesPerRound: GUESS_CAP });
  for (const id of s.state.players.keys()) {
    const phone = phones(id);
    if (!phone) continue;
    // The phone sends the kind its round asks for (its slider is α's or β's).
    const guess = phone.round?.guess === "beta" ? { beta: 0.5 } : { alpha: s.state.rules.alphaMin * 10 };
    expectGate(phone.gates["guess:submit"], await decide(s.state, { kind: "guess", playerId: id, ...guess }, s.ctx()), `${label}: ${id}'s guess`);
  }
  return view.gates;
}

describe("gates are decide's refusals", () => {
  it("agree with decide through a whole lesson", async () => {
    const s = script();
    let gates = await expectGatesMatchDecide(s, "empty lobby");
    expect(gates["round:reveal"]).toEqual({ ok: false, code: ErrorCode.NO_OPEN_ROUND, why: "Open and close a round first" });
    expect(gates["round:open-beta"]).toEqual({
      ok: false,
      code: ErrorCode.INVALID_STATE,
      why: "A β round needs momentum: this session trains with plain gradient descent",
    });
    for (const name of ["ann", "ben", "cat"]) accepted(await s.join(name));
    await expectGatesMatchDecide(s, "lobby");

    accepted(await s.host("round:open", { timerSeconds: 30 }));
    gates = await expectGatesMatchDecide(s, "open");
    expect(gates["round:reveal"]).toMatchObject({ ok: false, why: expect.stringMatching(/close the round first/i) });
    expect(gates["network:step"].host).toMatchObject({ ok: false, code: ErrorCode.ROUND_OPEN, why: "Round 1 is open: close it first" });

    accepted(await s.guess("ann", 0.01));
    accepted(await s.guess("ben", 0.1));
    for (let i = 0; i < GUESS_CAP; i++) accepted(await s.guess("cat", 9));
    gates = await expectGatesMatchDecide(s, "open, one phone at its guess limit");

    accepted(await s.host("session:pause", undefined));
    gates = await expectGatesMatchDecide(s, "paused with a round open");
    expect(gates["network:step"].host).toMatchObject({ ok: false, why: expect.stringMatching(/paused/i) });
    accepted(await s.host("session:resume", undefined));

    accepted(await s.host("round:close", undefined));
    gates = await expectGatesMatchDecide(s, "closed, not revealed");
    expect(gates["network:step"].median).toEqual({
      ok: false,
      code: ErrorCode.NOT_REVEALED,
      why: "Reveal round 1 first: the class should see the guesses before one is used",
    });
    expect(gates["network:step"].host.ok).toBe(true);

    accepted(await s.host("round:reveal", undefined));
    gates = await expectGatesMatchDecide(s, "revealed");
    expect(gates["network:step"].median.ok && gates["network:step"]["best-guess"].ok && gates["network:step"].player.ok).toBe(true);
    // The console's menu shows the α a self-choosing policy will use; expectStepGate checked it is the step's own.
    expect(gates["network:step"].median).toMatchObject({ ok: true, alpha: expect.any(Number), playerId: null });
    expect(gates["network:step"]["best-guess"]).toMatchObject({ ok: true, alpha: expect.any(Number), playerId: expect.any(String) });

    // The drift the review found: round 2 closed unrevealed while round 1 is revealed. Class-based steps wait.
    accepted(await s.host("round:open", undefined));
    accepted(await s.guess("ann", 9));
    accepted(await s.host("round:close", undefined));
    gates = await expectGatesMatchDecide(s, "round 2 closed, round 1 revealed");
    for (const policy of ["median", "best-guess", "player"] as const) expect(gates["network:step"][policy]).toMatchObject({ ok: false, code: ErrorCode.NOT_REVEALED });

    // Revealed, but every guess diverged: the best guess has nothing to offer, the median still does.
    accepted(await s.host("round:reveal", undefined));
    gates = await expectGatesMatchDecide(s, "revealed, every guess diverged");
    expect(gates["network:step"]["best-guess"]).toMatchObject({ ok: false, code: ErrorCode.NO_GUESSES, why: "Every guess diverged in round 2" });
    expect(gates["network:step"].median.ok).toBe(true);

    // Revealed with nobody guessing.
    accepted(await s.host("round:open", undefined));
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("round:reveal", undefined));
    gates = await expectGatesMatchDecide(s, "revealed, no guesses");
    expect(gates["network:step"].median).toMatchObject({ ok: false, code: ErrorCode.NO_GUESSES, why: "Nobody guessed in round 3" });

    accepted(await s.host("session:lock", { locked: true }));
    accepted(await s.host("player:kick", { playerId: "cat" }));
    accepted(await s.host("session:pause", undefined));
    await expectGatesMatchDecide(s, "paused between rounds, locked, one removed");
    accepted(await s.host("session:resume", undefined));

    accepted(await s.host("session:end", undefined));
    gates = await expectGatesMatchDecide(s, "ended");
    for (const [name, gate] of Object.entries(gates)) {
      const all = "ok" in gate ? [gate] : Object.values(gate);
      for (const g of all) expect(g, name).toEqual({ ok: false, code: ErrorCode.SESSION_ENDED, why: "This session has ended" });
    }
  });

  it("agree with decide through a momentum lesson with a β round and a step on the class's β", async () => {
    const s = script({ config: { optimizer: { kind: "momentum", beta: 0.5 } } });
    let gates = await expectGatesMatchDecide(s, "momentum lobby");
    expect(gates["round:open-beta"]).toEqual({ ok: true });
    for (const name of ["ann", "ben", "cat"]) accepted(await s.join(name));
    accepted(await s.host("round:open", { k: 2 }));
    accepted(await s.guess("ann", 0.05));
    accepted(await s.guess("ben", 0.2));
    gates = await expectGatesMatchDecide(s, "α round open");
    expect(gates["round:open-beta"]).toMatchObject({ ok: false, code: ErrorCode.ROUND_OPEN });
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("round:reveal", undefined));
    gates = await expectGatesMatchDecide(s, "α round revealed");
    // After an α round the step keeps the configuration's β: the gate names none.
    expect(gates["network:step"].median).toEqual({ ok: true, alpha: expect.any(Number), playerId: null });
    accepted(await s.host("network:step", { policy: "median" }));

    accepted(await s.host("round:open", { guess: "beta", timerSeconds: 30 }));
    gates = await expectGatesMatchDecide(s, "β round open, no guesses");
    accepted(await s.guessBeta("ann", 0.9));
    accepted(await s.guessBeta("ben", 0.99));
    accepted(await s.guessBeta("cat", 0));
    gates = await expectGatesMatchDecide(s, "β round open with guesses");
    accepted(await s.host("round:close", undefined));
    accepted(await s.host("round:reveal", undefined));
    gates = await expectGatesMatchDecide(s, "β round revealed");
    const fixedAlpha = s.state.rounds[1].fixedAlpha!;
    expect(gates["network:step"].median).toEqual({ ok: true, alpha: fixedAlpha, beta: 0.9, playerId: null });
    expect(gates["network:step"]["best-guess"]).toEqual({ ok: true, alpha: fixedAlpha, beta: 0.9, playerId: "ann" });
    expect(gates["network:step"].engine).toEqual({ ok: true, alpha: expect.any(Number), playerId: null });
    accepted(await s.host("network:step", { policy: "best-guess" }));
    await expectGatesMatchDecide(s, "after a step on the class's β");
  });

  it("are remade when anything but a guess changes, and the memo through guesses equals asking again", async () => {
    const s = script();
    const memoEqualsFresh = (label: string) => expect(hostGates(s.state), label).toEqual(computeHostGates(s.state));
    for (const name of ["ann", "ben", "cat"]) {
      accepted(await s.join(name));
      memoEqualsFresh(`joined ${name}`);
    }
    accepted(await s.host("round:open", { timerSeconds: 30 }));
    const whileOpen = hostGates(s.state);
    for (const [name, alpha] of [["ann", 0.01], ["ben", 0.1], ["cat", 9], ["ann", 0.02]] as const) {
      accepted(await s.guess(name, alpha));
      memoEqualsFresh(`${name} guessed ${alpha}`);
      // The same object while only guesses arrive: the console's patch skips it by identity.
      expect(hostGates(s.state)).toBe(whileOpen);
    }
    for (const [name, payload] of [["session:pause", undefined], ["session:resume", undefined], ["round:close", undefined], ["round:reveal", undefined]] as const) {
      accepted(await s.host(name, payload));
      memoEqualsFresh(name);
      expect(hostGates(s.state), `${name} remakes the gates`).not.toBe(whileOpen);
    }
    accepted(await s.host("network:step", { policy: "median" }));
    memoEqualsFresh("stepped at the median");
    accepted(await s.host("player:kick", { playerIds: ["ann"] }));
    memoEqualsFresh("kicked ann");
  });
});
