import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig } from "@/lib/engine";
import { SessionRulesSchema, type AckError, type CommandRequestParsed, type HostCommandName } from "@/lib/protocol";
import {
  applyEvent,
  decide,
  initialState,
  scoreRound,
  sessionLogFile,
  type Decision,
  type DecideContext,
  type GuessCommand,
  type JoinCommand,
  type SessionLogFile,
  type StoredEvent,
} from "@/lib/session";

/**
 * A genuine session log written without a server: every command goes through lib/session's decide() and the
 * fold, exactly as a room does, so the log is valid in every detail (checksums, scores, deadlines). Used to make
 * large, realistic imports quickly (a lesson played over sockets would take minutes).
 */
export async function lessonLog(options: { students: number; rounds: number; seed?: number; config?: object }): Promise<SessionLogFile> {
  let now = 1_764_000_000_000;
  const config = parseConfig({ scenario: "classification", dataset: "moons", seed: options.seed ?? 7, ...options.config });
  const events: StoredEvent[] = [
    { seq: 1, at: now, event: { type: "session.created", config, rules: SessionRulesSchema.parse({ speedBonus: true }), maxPlayers: 1000 } },
  ];
  const state = initialState(events[0]);
  let random = (options.seed ?? 7) >>> 0;
  const next = () => ((random = (Math.imul(random, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const run = async (what: string, decideWith: (ctx: DecideContext) => Promise<Decision | AckError>) => {
    now += 1 + Math.floor(next() * 50);
    const decision = await decideWith({
      now,
      guessesPerRound: 1000,
      playerIdForToken: () => undefined,
      score: async (s, input) => scoreRound(s.engine, input),
      newSeed: () => 12345,
    });
    if ("ok" in decision) throw new Error(`lessonLog: ${what} refused: ${decision.message}`);
    for (const event of decision.events) {
      const stored = { seq: state.seq + 1, at: now, event };
      applyEvent(state, stored);
      events.push(stored);
    }
  };
  const player = (command: JoinCommand | GuessCommand) => run(command.kind, (ctx) => decide(state, command, ctx));
  const host = <K extends HostCommandName>(name: K, payload: CommandRequestParsed<K>) =>
    run(name, (ctx) => decide(state, { kind: "host", name, payload }, ctx));
  const ids: string[] = [];
  for (let i = 0; i < options.students; i++) {
    const id = `player-${i.toString().padStart(4, "0")}`;
    ids.push(id);
    await player({ kind: "join", player: { id, nickname: `Student ${i}`, nicknameKey: `student ${i}`, tokenHash: "" } });
  }
  for (let round = 0; round < options.rounds; round++) {
    await host("round:open", { k: 1 + (round % 3), timerSeconds: 60 });
    for (const id of ids) await player({ kind: "guess", playerId: id, alpha: Number((10 ** (-3 + 3.5 * next())).toPrecision(2)) });
    await host("round:close", undefined);
    await host("round:reveal", undefined);
    await host("network:step", { policy: round % 2 ? "median" : "best-guess" });
    await host("network:run", { alpha: 0.5, steps: 5 });
  }
  await host("session:end", undefined);
  return sessionLogFile({ id: "exported-session-id-00", joinCode: "ABCDEF", createdAt: events[0].at }, events);
}

/**
 * The same log made in a child process and handed back as bytes: a test or bench that measures a server's pauses
 * must not carry the generator's hundred-MB object graph (and its garbage collections) in the server's own heap.
 */
export function lessonLogBytes(options: { students: number; rounds: number; seed?: number }): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bl-lesson-log-"));
  const out = path.join(dir, "log.json");
  try {
    const script = fileURLToPath(new URL("./write-lesson-log.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
    const result = spawnSync(process.execPath, [tsx, script, out, JSON.stringify(options)], { stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) throw new Error(`write-lesson-log failed with status ${result.status}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
