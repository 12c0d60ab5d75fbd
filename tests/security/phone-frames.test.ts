import { describe, expect, it } from "vitest";
import type { StudentView } from "@/lib/protocol";
import type { RunningServer } from "@/server/app-server";
import { findAlpha } from "../session-rules/alpha-leaks";
import { createTempDataDir } from "../helpers/database";
import { attachHost, createSession, ViewLog } from "../helpers/lesson";
import { startTestServer } from "../helpers/server";
import { connectClient, request, type TestSocket } from "../helpers/socket-client";

/**
 * The bytes a phone's socket actually receives — every engine.io frame, acks and pushes alike, before Socket.IO parses
 * them — never contain another player's α before the reveal. The pure test (tests/session-rules/redaction.test.ts)
 * searches the views themselves; this one proves nothing else on the wire (an ack, a progress push) carries one.
 */
type Phone = { socket: TestSocket; frames: string[]; views: ViewLog<StudentView>; playerId: string };

async function phone(url: string, code: string, nickname: string): Promise<Phone> {
  const socket = await connectClient(url);
  const frames: string[] = [];
  socket.io.engine.on("packet", (packet) => {
    if (packet.type === "message") frames.push(typeof packet.data === "string" ? packet.data : "<binary>");
  });
  const views = new ViewLog<StudentView>();
  socket.on("player:view", (v) => views.push(v));
  const ack = await request<{ ok: boolean; playerId: string; view: StudentView }>(socket, "player:join", { code, nickname });
  if (!ack.ok) throw new Error(`join ${nickname} failed`);
  views.push(ack.view);
  return { socket, frames, views, playerId: ack.playerId };
}

const GUESSES = { ann: [0.0555123, 0.0731945], ben: [0.000418263], cat: [3.17e-4] } as const;
type Name = keyof typeof GUESSES;

describe("raw frames on a phone's socket", () => {
  it("carry no other player's α before the reveal, and the median after it", async () => {
    const dataDir = await createTempDataDir();
    const server = await startTestServer({ dataDir: dataDir.path });
    const phones = new Map<Name, Phone>();
    try {
      await playRound(server, phones);
    } finally {
      for (const p of phones.values()) p.socket.close();
      await server.close();
      await dataDir.remove();
    }
  });
});

async function playRound(server: RunningServer, phones: Map<Name, Phone>): Promise<void> {
  const created = await createSession(server.url, { config: { scenario: "one-weight", seed: 3 } });
  const host = await attachHost(server.url, created);
  for (const name of Object.keys(GUESSES) as Name[]) phones.set(name, await phone(server.url, created.joinCode, name));

  expect(await host.send("round:open", { k: 2 })).toMatchObject({ ok: true });
  const allLockedIn = [...phones.values()].map(
    (p) => new Promise<void>((resolve) => p.socket.on("round:progress", (progress) => progress.count === 3 && resolve())),
  );
  for (const [name, alphas] of Object.entries(GUESSES) as [Name, readonly number[]][])
    for (const alpha of alphas) expect(await request(phones.get(name)!.socket, "guess:submit", { alpha })).toMatchObject({ ok: true });
  // Every phone hears how many locked in (the progress push) before the round closes.
  await Promise.all(allLockedIn);
  expect(await host.send("round:close")).toMatchObject({ ok: true });
  for (const p of phones.values()) await p.views.waitFor((v) => v.round?.status === "closed");

  const leaks: string[] = [];
  for (const [name, p] of phones) {
    expect(p.frames.length).toBeGreaterThan(1);
    for (const [other, alphas] of Object.entries(GUESSES) as [Name, readonly number[]][]) {
      if (other === name) continue;
      for (const alpha of alphas)
        for (const frame of p.frames) for (const where of findAlpha(frame, alpha)) leaks.push(`${name} got ${other}'s ${alpha} as ${where}`);
    }
  }
  expect(leaks).toEqual([]);
  // The search is not blind: each phone's own guess is in its own frames.
  expect(findAlpha(phones.get("ann")!.frames.join("\n"), 0.0731945).length).toBeGreaterThan(0);

  // After the reveal the median of the three guesses (ben's 0.000418263) is public, in every phone's frames.
  const before = new Map([...phones].map(([name, p]) => [name, p.frames.length]));
  expect(await host.send("round:reveal")).toMatchObject({ ok: true });
  for (const [name, p] of phones) {
    await p.views.waitFor((v) => v.reveal?.round === 1);
    const after = p.frames.slice(before.get(name)).join("\n");
    expect(findAlpha(after, GUESSES.ben[0])).toContain(`text "${String(GUESSES.ben[0])}"`);
  }
  host.socket.close();
}
