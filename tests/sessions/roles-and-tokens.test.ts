import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreateSessionResponse } from "@/lib/protocol";
import { useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, resumeStudent, type Host } from "../helpers/lesson";
import { connectClient, request } from "../helpers/socket-client";

describe("roles, tokens and joining rules", () => {
  const server = useTestServer({ maxPlayers: 4 });
  let created: CreateSessionResponse;
  let host: Host;

  beforeAll(async () => {
    created = await createSession(server.url);
    host = await attachHost(server.url, created);
  });
  afterAll(async () => {
    host?.socket.close();
  });

  it("restores the same player, score and guess from the player token on a new connection", async () => {
    const ada = await joinStudent(server.url, created.joinCode, "Ada");
    await host.send("round:open", {});
    await ada.send("guess:submit", { alpha: 0.25 });
    ada.socket.close();

    const again = await resumeStudent(server.url, ada.sessionId, ada.playerToken);
    expect(again.ack).toMatchObject({ ok: true, playerId: ada.playerId });
    expect(again.views.latest!.me.nickname).toBe("Ada");
    expect(again.views.latest!.round!.myGuess).toBe(0.25);
    // The restored phone can keep playing.
    expect(await again.send("guess:submit", { alpha: 0.5 })).toMatchObject({ ok: true, alpha: 0.5 });
    await host.send("round:close");
    await host.send("round:reveal");
    const revealed = await again.views.waitFor((v) => v.reveal !== null);
    expect(revealed.reveal!.mine!.alpha).toBe(0.5);
    again.socket.close();

    const wrong = await resumeStudent(server.url, ada.sessionId, "x".repeat(43));
    expect(wrong.ack).toMatchObject({ ok: false, code: "INVALID_TOKEN" });
    wrong.socket.close();
  });

  it("refuses host commands from students, strangers and wrong host tokens", async () => {
    const grace = await joinStudent(server.url, created.joinCode, "Grace");
    const stranger = await connectClient(server.url);
    const hostOnly: [string, object][] = [
      ["round:open", {}],
      ["round:close", {}],
      ["round:reveal", {}],
      ["network:step", { policy: "engine" }],
      ["network:run", { alpha: 0.1, steps: 3 }],
      ["network:reset", { seed: "new" }],
      ["session:pause", {}],
      ["session:resume", {}],
      ["session:end", {}],
      ["session:lock", { locked: true }],
      ["player:kick", { playerId: grace.playerId }],
    ];
    const lastSeq = async () =>
      (await server.database.prisma.session.findUniqueOrThrow({ where: { id: created.sessionId } })).lastSeq;
    const seqBefore = await lastSeq();
    for (const [event, payload] of hostOnly) {
      expect(await grace.send(event, payload)).toMatchObject({ ok: false, code: "NOT_HOST" });
      expect(await request(stranger, event, payload)).toMatchObject({ ok: false, code: "NOT_HOST" });
    }
    expect(await request(stranger, "host:attach", { sessionId: created.sessionId, hostToken: "A".repeat(43) })).toMatchObject({
      ok: false,
      code: "NOT_HOST",
    });
    expect(await request(stranger, "guess:submit", { alpha: 0.1 })).toMatchObject({ ok: false, code: "NOT_PLAYER" });
    expect(await lastSeq()).toBe(seqBefore);
    grace.socket.close();
    stranger.close();
  });

  it("kicks a player: their token stops working and their phone is told", async () => {
    const alan = await joinStudent(server.url, created.joinCode, "Alan");
    const told = new Promise<{ message: string }>((resolve) => alan.socket.once("player:kicked", resolve));
    expect(await host.send("player:kick", { playerId: alan.playerId })).toMatchObject({ ok: true });
    expect((await told).message).toMatch(/removed/);
    expect(await alan.send("guess:submit", { alpha: 0.1 })).toMatchObject({ ok: false, code: "PLAYER_KICKED" });
    const back = await resumeStudent(server.url, alan.sessionId, alan.playerToken);
    expect(back.ack).toMatchObject({ ok: false, code: "PLAYER_KICKED" });
    const view = await host.views.waitFor((v) => v.players.some((p) => p.id === alan.playerId && p.kicked));
    expect(view.leaderboard.some((e) => e.playerId === alan.playerId)).toBe(false);
    alan.socket.close();
    back.socket.close();
  });

  it("locks joining, caps players, and validates nicknames", async () => {
    expect(await host.send("session:lock", { locked: true })).toMatchObject({ ok: true });
    await expect(joinStudent(server.url, created.joinCode, "Late")).rejects.toThrow(/SESSION_LOCKED/);
    expect(await host.send("session:lock", { locked: false })).toMatchObject({ ok: true });

    await expect(joinStudent(server.url, created.joinCode, "x".repeat(25))).rejects.toThrow(/INVALID_PAYLOAD/);
    await expect(joinStudent(server.url, created.joinCode, "bad\u0000name")).rejects.toThrow(/INVALID_PAYLOAD/);
    await expect(joinStudent(server.url, created.joinCode, "   ")).rejects.toThrow(/INVALID_PAYLOAD/);
    await expect(joinStudent(server.url, "ZZZZZZ", "Nobody")).rejects.toThrow(/SESSION_NOT_FOUND/);

    // Ada and Grace + two more reach the cap of 4: kicked Alan's seat is free again (his name stays taken).
    const fourth = await joinStudent(server.url, created.joinCode, "Émile");
    expect(fourth.views.latest!.me.nickname).toBe("Émile");
    const fifth = await joinStudent(server.url, created.joinCode, "Fifth");
    await expect(joinStudent(server.url, created.joinCode, "Sixth")).rejects.toThrow(/SESSION_FULL/);
    fourth.socket.close();
    fifth.socket.close();
  });
});
