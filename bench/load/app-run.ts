/**
 * One run against the real server (server/index.ts as a child process; see the steps in bench/load.ts), timed from
 * this process.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROTOCOL_VERSION, type StudentView } from "@/lib/protocol";
import { createSession } from "../../tests/helpers/lesson";
import type { TestSocket as PhoneSocket } from "../../tests/helpers/socket-client";
import { AckCollector } from "./ack-collector";
import { DeliveryProbe } from "./delivery-probe";
import { ErrorTally } from "./error-tally";
import { HostClient } from "./host-client";
import type { Options } from "./options";
import { PhaseMeter, type Phase } from "./phase-meter";
import { joinPhones, type Phone } from "./phones";
import { compareResults, type Check } from "./results-check";
import { planSends, runSchedule } from "./schedule";
import { createScratchDatabase } from "./scratch-database";
import { serverEnv } from "./server-env";
import { connectAll, openSocket } from "./sockets";
import { registerTempDir, removeTempDir, spawnTsChild, type Child } from "./children";
import { stats, type Stats } from "./numbers";
import { processRssMb } from "./proc-stats";

export type AppResult = {
  phones: number;
  startMs: number;
  connect: { ms: number; each: Stats | null; ok: number };
  join: { ms: number; each: Stats | null; ok: number; viewsPerPhone: number };
  open: { ackMs: number; delivery: Stats | null; missing: number };
  guesses: { sent: number; acks: Stats | null; ok: number; slipMax: number; phase: Phase; hostSawAllMs: number | null };
  close: { ackMs: number; delivery: Stats | null; missing: number };
  reveal: { ackMs: number; delivery: Stats | null; missing: number; phase: Phase; viewBytes: number; mineMismatch: number };
  step: { ackMs: number; delivery: Stats | null; missing: number; phase: Phase; viewBytes: number };
  hostViewBytes: number;
  checks: Check[];
  /** Phones with an acknowledged guess (the last acknowledged α of each is what must be stored). */
  expected: number;
  lost: number;
  restart: { stopMs: number; exitCode: number | null; startMs: number } | null;
  serverRssMb?: number;
  errors: ErrorTally;
  serverProblems: string[];
};

/** One run against the real server: join, a guessed round, reveal, a step, then a restart that must keep every guess. */
export async function runApp(n: number, options: Options, runIndex: number, root: string): Promise<AppResult> {
  const errors = new ErrorTally();
  const t = options.ackTimeoutMs;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-load-"));
  registerTempDir(dataDir);

  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let server: Child | undefined;
  const sockets: PhoneSocket[] = [];
  let host: HostClient | undefined;
  const closeClients = () => {
    for (const socket of sockets) socket.close();
    host?.close();
  };
  try {
    if (options.database !== "embedded") scratch = await createScratchDatabase(options.database);
    const env = serverEnv(n, options, dataDir, scratch?.url);

    let t0 = performance.now();
    server = await spawnTsChild("server", "server/index.ts", env, { timeoutMs: 120_000, root });
    const startMs = performance.now() - t0;
    const problemsFrom = server.printed();

    const created = await createSession(server.url, { config: { scenario: options.scenario, seed: 7 + runIndex } });
    host = await HostClient.attach(server.url, created, t);

    // — connect, then join, both ramped in batches —
    let shuttingDown = false;
    t0 = performance.now();
    const connected = await connectAll<PhoneSocket>(
      n,
      options.batch,
      async () => {
        const socket = await openSocket<PhoneSocket>(server!.url, { protocolVersion: PROTOCOL_VERSION }, t);
        sockets.push(socket);
        return socket;
      },
      errors,
    );
    const connectMs = performance.now() - t0;

    const probes = new Set<DeliveryProbe<StudentView>>();
    t0 = performance.now();
    const joined = await joinPhones(connected.sockets, created.joinCode, options, { errors, probes, shuttingDown: () => shuttingDown });
    const joinMs = performance.now() - t0;
    const { phones, times: joinTimes, viewsWhileJoining: joinViews } = joined;
    const probe = (matches: (phone: Phone, view: StudentView) => boolean) => {
      const p = new DeliveryProbe<StudentView>(phones.length, (i, view) => matches(phones[i], view));
      probes.add(p);
      return p;
    };
    const deliver = async (p: DeliveryProbe<StudentView>) => {
      await p.wait(options.deliveryTimeoutMs);
      probes.delete(p);
      return { delivery: stats(p.latencies()), missing: p.missing };
    };
    const hostCommand = async (event: string, payload: unknown) => {
      const result = await host!.send(event, payload, t);
      if (!result.ack.ok) errors.add(`${event} ${result.ack.code}`, result.ack.message);
      return result;
    };

    // — open —
    const openProbe = probe((_, v) => v.round?.status === "open");
    openProbe.start();
    const opened = await hostCommand("round:open", { k: options.k });
    const round = Number(opened.ack.round);
    const openDelivered = await deliver(openProbe);

    // — guesses within the window —
    const sends = planSends(phones.length, options, runIndex);
    const acks = new AckCollector(sends.length);
    const guessMeter = new PhaseMeter(server.pid);
    const slips = await runSchedule(sends, (send) => {
      const phone = phones[send.client];
      const s0 = performance.now();
      phone.socket.timeout(t).emit("guess:submit", { alpha: send.value }, (error, ack) => {
        const latency = performance.now() - s0;
        if (error) errors.add("guess timeout", `phone ${send.client}: no ack within ${t} ms`);
        else if (!ack.ok) errors.add(`guess ${ack.code}`, ack.message);
        else {
          acks.succeeded(latency);
          if (ack.alpha !== send.value) errors.add("guess ack α differs", `sent ${send.value}, ack ${ack.alpha}`);
          if (!phone.acked || send.order >= phone.acked.order) phone.acked = { alpha: send.value, order: send.order };
        }
        acks.settled();
      });
    });
    await acks.wait(t + 5_000, "guess acknowledgements", errors);
    const lastAckAt = performance.now();
    const guessPhase = guessMeter.end();
    const expected = new Map(phones.flatMap((p) => (p.acked ? [[p.playerId, p.acked.alpha] as const] : [])));
    const sawAll = await host.waitFor((v) => v.round?.number === round && v.round.guesses.length >= expected.size, 5_000);
    const hostSawAllMs = sawAll ? performance.now() - lastAckAt : null;

    // — close —
    const closeProbe = probe((_, v) => v.round?.number === round && v.round.status === "closed");
    closeProbe.start();
    const closed = await hostCommand("round:close", {});
    const closeDelivered = await deliver(closeProbe);

    // — reveal —
    const revealProbe = probe((_, v) => v.reveal?.round === round);
    const revealMeter = new PhaseMeter(server.pid);
    revealProbe.start();
    const revealed = await hostCommand("round:reveal", {});
    const revealDelivered = await deliver(revealProbe);
    const revealPhase = revealMeter.end();
    const mineMismatch = phones.filter((p) => p.acked && p.latest?.reveal?.mine?.alpha !== p.acked.alpha).length;
    const revealBytes = JSON.stringify(phones[0]?.latest ?? {}).length;

    const liveView = await host.waitFor((v) => v.round?.number === round && v.round.status === "revealed" && v.round.results !== null, 5_000);
    const checks = [compareResults("live host view after reveal", liveView, round, expected)];
    const hostViewBytes = JSON.stringify(liveView ?? {}).length;

    // — step —
    const baseline = phones.map((p) => p.latest?.network.step ?? 0);
    const stepProbe = probe((phone, v) => v.network.step > baseline[phone.i]);
    const stepMeter = new PhaseMeter(server.pid);
    stepProbe.start();
    const stepped = await hostCommand("network:step", { policy: "median" });
    const stepDelivered = await deliver(stepProbe);
    const stepPhase = stepMeter.end();
    const stepBytes = JSON.stringify(phones[0]?.latest ?? {}).length;
    const stepAfter = baseline[0] + 1;
    const serverRssMb = processRssMb(server.pid);
    const serverProblems = server.problemsSince(problemsFrom);

    // — durability: SIGTERM, start again on the same data, read the results back —
    shuttingDown = true;
    closeClients();
    const stop = await server.stop("SIGTERM");
    if (stop.code !== 0) errors.add("server exit", `SIGTERM → exit code ${stop.code} signal ${stop.signal}`);
    t0 = performance.now();
    server = await spawnTsChild("server (restart)", "server/index.ts", env, { timeoutMs: 120_000, root });
    const restartMs = performance.now() - t0;
    const host2 = await HostClient.attach(server.url, created, t);
    host = host2;
    const reloaded = host2.latest ?? null;
    const afterRestart = compareResults("host view after restart (from the database)", reloaded, round, expected);
    if (reloaded && reloaded.engine.step !== stepAfter)
      errors.add("restart check", `engine step ${reloaded.engine.step} after restart, expected ${stepAfter}`);
    if (reloaded && reloaded.players.length !== phones.length)
      errors.add("restart check", `${reloaded.players.length} players after restart, expected ${phones.length}`);
    checks.push(afterRestart);
    host2.close();
    const stop2 = await server.stop("SIGTERM");
    if (stop2.code !== 0) errors.add("server exit", `SIGTERM after restart → exit code ${stop2.code} signal ${stop2.signal}`);
    serverProblems.push(...server.problemsSince(0));

    return {
      phones: n,
      startMs,
      connect: { ms: connectMs, each: stats(connected.times), ok: connected.sockets.filter(Boolean).length },
      join: { ms: joinMs, each: stats(joinTimes), ok: phones.length, viewsPerPhone: joinViews / Math.max(1, phones.length) },
      open: { ackMs: opened.ms, ...openDelivered },
      guesses: { sent: sends.length, acks: stats(acks.times), ok: acks.ok, slipMax: Math.max(0, ...slips), phase: guessPhase, hostSawAllMs },
      close: { ackMs: closed.ms, ...closeDelivered },
      reveal: { ackMs: revealed.ms, ...revealDelivered, phase: revealPhase, viewBytes: revealBytes, mineMismatch },
      step: { ackMs: stepped.ms, ...stepDelivered, phase: stepPhase, viewBytes: stepBytes },
      hostViewBytes,
      checks,
      expected: expected.size,
      lost: Math.max(...checks.map((c) => c.lost)),
      restart: { stopMs: stop.ms, exitCode: stop.code, startMs: restartMs },
      serverRssMb,
      errors,
      serverProblems,
    };
  } finally {
    closeClients();
    await server?.stop("SIGTERM");
    removeTempDir(dataDir);
    await scratch?.drop();
  }
}