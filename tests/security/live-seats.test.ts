import { afterAll, describe, expect, it } from "vitest";
import type { StudentView } from "@/lib/protocol";
import { useTestServer } from "../helpers/fixtures";
import { attachHost, createSession, joinStudent, resumeStudent, type Student } from "../helpers/lesson";
import { connectClient, request, type TestSocket } from "../helpers/socket-client";

type JoinAck = { ok: boolean; code?: string; playerId: string; playerToken: string; view: StudentView };
const key = (n: number) => `joinkey-${String(n).padStart(3, "0")}-abcdefghijklmnopqrstuvwxyz`;

describe("seats, one player per connection, bulk removal and idempotent joins", () => {
  const server = useTestServer({ maxPlayers: 3 });
  const sockets: TestSocket[] = [];
  const connect = async () => {
    const socket = await connectClient(server.url);
    sockets.push(socket);
    return socket;
  };
  const newSession = async () => {
    const created = await createSession(server.url, { config: { scenario: "one-weight", seed: 4 } });
    const host = await attachHost(server.url, created);
    sockets.push(host.socket);
    return { created, host };
  };

  afterAll(async () => {
    for (const socket of sockets) socket.close();
  });

  it("frees a kicked player's seat but keeps their nickname taken", async () => {
    const { created, host } = await newSession();
    const players: Student[] = [];
    for (const name of ["ada", "bob", "cy"]) players.push(await joinStudent(server.url, created.joinCode, name));
    sockets.push(...players.map((p) => p.socket));
    const late = await connect();
    expect(await request(late, "player:join", { code: created.joinCode, nickname: "dee" })).toMatchObject({ ok: false, code: "SESSION_FULL" });
    expect(await host.send("player:kick", { playerId: players[1].playerId })).toMatchObject({ ok: true });
    expect(await request(late, "player:join", { code: created.joinCode, nickname: "bob" })).toMatchObject({ ok: false, code: "NICKNAME_TAKEN" });
    expect(await request(late, "player:join", { code: created.joinCode, nickname: "dee" })).toMatchObject({ ok: true });
    const other = await connect();
    expect(await request(other, "player:join", { code: created.joinCode, nickname: "eve" })).toMatchObject({ ok: false, code: "SESSION_FULL" });
  });

  it("lets one connection join one player only, even when it sends joins without waiting", async () => {
    const { created, host } = await newSession();
    const socket = await connect();
    const acks = await Promise.all(
      ["one", "two", "three"].map((nickname) => request<JoinAck>(socket, "player:join", { code: created.joinCode, nickname })),
    );
    expect(acks.filter((a) => a.ok)).toHaveLength(1);
    expect(acks.filter((a) => a.code === "ALREADY_JOINED")).toHaveLength(2);
    expect(await request(socket, "player:join", { code: created.joinCode, nickname: "four" })).toMatchObject({ ok: false, code: "ALREADY_JOINED" });
    expect(await host.send("player:join", { code: created.joinCode, nickname: "host too" })).toMatchObject({ ok: false, code: "ALREADY_JOINED" });
    const view = await host.views.waitFor((v) => v.players.length === 1);
    expect(view.players).toHaveLength(1);
  });

  it("removes a whole wave of players in one command and tells each of their phones", async () => {
    const { created, host } = await newSession();
    const players: Student[] = [];
    for (const name of ["p1", "p2", "p3"]) players.push(await joinStudent(server.url, created.joinCode, name));
    sockets.push(...players.map((p) => p.socket));
    const told = players.slice(1).map((p) => new Promise((resolve) => p.socket.once("player:kicked", resolve)));
    // A list naming a stranger removes nobody.
    expect(await host.send("player:kick", { playerIds: [players[1].playerId, "no-such-player"] })).toMatchObject({
      ok: false,
      code: "PLAYER_NOT_FOUND",
    });
    expect(await host.send("player:kick", { playerIds: [players[1].playerId, players[2].playerId, players[2].playerId] })).toMatchObject({
      ok: true,
      removed: 2,
    });
    await Promise.all(told);
    const view = await host.views.waitFor((v) => v.players.filter((p) => p.kicked).length === 2);
    expect(view.players.find((p) => p.id === players[0].playerId)?.kicked).toBe(false);
    expect(await host.send("player:kick", { playerIds: [players[1].playerId] })).toMatchObject({ ok: true, removed: 0 });
    expect(await host.send("player:kick", { playerIds: [] })).toMatchObject({ ok: false, code: "INVALID_PAYLOAD" });
    expect(await host.send("player:kick", { playerIds: Array.from({ length: 1001 }, (_, i) => `id-${i}`) })).toMatchObject({ ok: false });
  });

  it("answers a retried join (same join key) with the same player and token, on the same or a new connection", async () => {
    const { created, host } = await newSession();
    const first = await connect();
    const ack = await request<JoinAck>(first, "player:join", { code: created.joinCode, nickname: "retry", joinKey: key(1) });
    expect(ack).toMatchObject({ ok: true, playerToken: key(1) + created.sessionId });
    // The ack was "lost": the same socket retries, then the phone reconnects and retries again.
    expect(await request(first, "player:join", { code: created.joinCode, nickname: "retry", joinKey: key(1) })).toMatchObject({
      ok: true,
      playerId: ack.playerId,
      playerToken: key(1) + created.sessionId,
    });
    first.close();
    const second = await connect();
    expect(await request(second, "player:join", { code: created.joinCode, nickname: "retry", joinKey: key(1) })).toMatchObject({
      ok: true,
      playerId: ack.playerId,
      playerToken: key(1) + created.sessionId,
    });
    // The token derived from the key works for resume. Two joins with one key sent at once make one player.
    const resumed = await resumeStudent(server.url, ack.view.session.id, ack.playerToken);
    sockets.push(resumed.socket);
    expect(resumed.ack).toMatchObject({ ok: true, playerId: ack.playerId });
    const [a, b] = await Promise.all([connect(), connect()]);
    const both = await Promise.all([a, b].map((s) => request<JoinAck>(s, "player:join", { code: created.joinCode, nickname: "twin", joinKey: key(2) })));
    expect(both.map((r) => r.ok)).toEqual([true, true]);
    expect(both[0].playerId).toBe(both[1].playerId);
    const view = await host.views.waitFor((v) => v.players.length === 2);
    expect(view.players.map((p) => p.nickname).sort()).toEqual(["retry", "twin"]);
    // The same key in another session is another player there (and no clash of token hashes).
    const elsewhere = await newSession();
    const d = await connect();
    const there = await request<JoinAck>(d, "player:join", { code: elsewhere.created.joinCode, nickname: "retry", joinKey: key(1) });
    expect(there).toMatchObject({ ok: true, playerToken: key(1) + elsewhere.created.sessionId });
    expect(there.playerId).not.toBe(ack.playerId);
    // A short or malformed key is refused; no key still joins.
    const c = await connect();
    expect(await request(c, "player:join", { code: created.joinCode, nickname: "shorty", joinKey: "short" })).toMatchObject({
      ok: false,
      code: "INVALID_PAYLOAD",
    });
  });

  it("shows a guess on the player's other devices", async () => {
    const { created, host } = await newSession();
    const phone = await joinStudent(server.url, created.joinCode, "two screens");
    const laptop = await resumeStudent(server.url, phone.sessionId, phone.playerToken);
    sockets.push(phone.socket, laptop.socket);
    expect((await host.send("round:open", {})).ok).toBe(true);
    await laptop.views.waitFor((v) => v.round?.status === "open");
    expect(await phone.send("guess:submit", { alpha: 0.25 })).toMatchObject({ ok: true });
    const seen = await laptop.views.waitFor((v) => v.round?.myGuess === 0.25);
    expect(seen.round?.myGuess).toBe(0.25);
  });
});
