/**
 * One run against the real server (server/index.ts as a child process; see the steps in bench/load.ts), timed from
 * this process. With --sessions S the phones are split over S sessions, all active at once: every host sends its
 * command at the same moment, the guesses of all phones share one window, and delivery is timed to every phone from
 * its own host's send.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROTOCOL_VERSION, type StudentView } from "@/lib/protocol";
import type { TestSocket as PhoneSocket } from "../../tests/helpers/socket-client";
import { AckCollector } from "./ack-collector";
import { openSessions, type AppSession } from "./app-sessions";
import { DeliveryProbe } from "./delivery-probe";
import { ErrorTally } from "./error-tally";
import { HostClient } from "./host-client";
import type { Options } from "./options";
import { PhaseMeter, type Phase } from "./phase-meter";
import { joinPhones, type Phone } from "./phones";
import { compareResults, mergeChecks, type Check } from "./results-check";
import { planSends, runSchedule } from "./schedule";
import { createScratchDatabase } from "./scratch-database";
import { serverEnv } from "./server-env";
import { largestSession, sessionOfPhone } from "./shape";
import { connectAll, openSocket } from "./sockets";
import { registerTempDir, removeTempDir, spawnTsChild, type Child } from "./children";
import { stats, type Stats } from "./numbers";
import { processRssMb } from "./proc-stats";
import { Traffic, trafficRates, type TrafficMark, type TrafficRates } from "./traffic";
import { SERVER_NODE_FLAGS } from "../../scripts/server-node-flags.mjs";

/** A host command sent in every session at once: its ack time per session and, when timed, delivery to all phones. */
export type CommandPhase = { ack: Stats | null; delivery: Stats | null; missing: number };

export type AppResult = {
  phones: number;
  sessions: number;
  startMs: number;
  connect: { ms: number; each: Stats | null; ok: number };
  join: { ms: number; each: Stats | null; ok: number; viewsPerPhone: number };
  open: CommandPhase;
  guesses: { sent: number; acks: Stats | null; ok: number; slipMax: number; phase: Phase; hostSawAllMs: number | null };
  close: CommandPhase;
  reveal: CommandPhase & { phase: Phase; viewBytes: number; mineMismatch: number };
  step: CommandPhase & { phase: Phase; viewBytes: number };
  /** The largest live host view after the reveal, as JSON. */
  hostViewBytes: number;
  /** Bytes the clients received: from the first guess sent until host-saw-all (or its 5-s wait ran out), and during the reveal's delivery. */
  traffic: { burst: TrafficRates; burstComplete: boolean; reveal: TrafficRates };
  /** Server RSS before the phones connected (sessions created, hosts attached), after they all joined, after the round. */
  memory: { beforePhonesMb?: number; afterJoinMb?: number; afterRoundMb?: number };
  checks: Check[];
  /** Phones with an acknowledged guess (the last acknowledged α of each is what must be stored). */
  expected: number;
  lost: number;
  restart: { stopMs: number; exitCode: number | null; startMs: number } | null;
  errors: ErrorTally;
  serverProblems: string[];
};

/** The acknowledged guesses of a session's phones: playerId → the last acknowledged α. */
function acknowledged(session: AppSession): Map<string, number> {
  return new Map(session.phones.flatMap((p) => (p.acked ? [[p.playerId, p.acked.alpha] as const] : [])));
}

/** One run against the real server: join, a guessed round, reveal, a step, then a restart that must keep every guess. */
export async function runApp(n: number, options: Options, runIndex: number, root: string): Promise<AppResult> {
  const errors = new ErrorTally();
  const t = options.ackTimeoutMs;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-load-"));
  registerTempDir(dataDir);

  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  let server: Child | undefined;
  const sockets: PhoneSocket[] = [];
  const hosts: HostClient[] = [];
  const closeClients = () => {
    for (const socket of sockets) socket.close();
    for (const host of hosts.splice(0)) host.close();
  };
  try {
    if (options.database !== "embedded") scratch = await createScratchDatabase(options.database);
    const env = serverEnv(n, options, dataDir, scratch?.url, { sessions: options.sessions, perSession: largestSession(n, options.sessions) });

    let t0 = performance.now();
    server = await spawnTsChild("server", "server/index.ts", env, { timeoutMs: 120_000, root, nodeArgs: SERVER_NODE_FLAGS });
    const startMs = performance.now() - t0;
    const problemsFrom = server.printed();
    const url = server.url;

    const traffic = new Traffic();
    const sessions = await openSessions(url, options.sessions, options, runIndex, (host) => {
      hosts.push(host);
      traffic.watchConsole(host.socket);
    });
    const beforePhonesMb = processRssMb(server.pid);

    // — connect, then join, both ramped in batches across all sessions (phone k belongs to session k mod S) —
    let shuttingDown = false;
    t0 = performance.now();
    const connected = await connectAll<PhoneSocket>(
      n,
      options.batch,
      async () => {
        const socket = await openSocket<PhoneSocket>(url, { protocolVersion: PROTOCOL_VERSION }, t);
        sockets.push(socket);
        traffic.watchPhone(socket);
        return socket;
      },
      errors,
    );
    const connectMs = performance.now() - t0;

    t0 = performance.now();
    const seats = connected.sockets.map((socket, k) => {
      if (!socket) return null;
      const session = sessionOfPhone(k, options.sessions);
      return { socket, session, joinCode: sessions[session].created.joinCode };
    });
    const joined = await joinPhones(seats, sessions.length, options, { errors, probes: (s) => sessions[s].probes, shuttingDown: () => shuttingDown });
    const joinMs = performance.now() - t0;
    const { phones, times: joinTimes, viewsWhileJoining: joinViews } = joined;
    for (const phone of phones) sessions[phone.session].phones[phone.slot] = phone;
    const afterJoinMb = processRssMb(server.pid);

    /** Sends a host command in every session at once; with `matches`, times its delivery to every phone of each. */
    const commandAll = async (event: string, payload: unknown, matches: ((phone: Phone, view: StudentView) => boolean) | null) => {
      const done = await Promise.all(
        sessions.map(async (s) => {
          const probe = matches ? new DeliveryProbe<StudentView>(s.phones.length, (slot, view) => matches(s.phones[slot], view)) : null;
          if (probe) {
            s.probes.add(probe);
            probe.start();
          }
          const result = await s.host.send(event, payload, t);
          if (!result.ack.ok) errors.add(`${event} ${result.ack.code}`, result.ack.message);
          if (probe) {
            await probe.wait(options.deliveryTimeoutMs);
            s.probes.delete(probe);
          }
          return { ...result, latencies: probe?.latencies() ?? [], missing: probe?.missing ?? 0 };
        }),
      );
      const phase: CommandPhase = {
        ack: stats(done.map((d) => d.ms)),
        delivery: matches ? stats(done.flatMap((d) => d.latencies)) : null,
        missing: done.reduce((sum, d) => sum + d.missing, 0),
      };
      return { phase, acks: done.map((d) => d.ack) };
    };
    const roundOf = (phone: Phone) => sessions[phone.session].round;

    // — open —
    const opened = await commandAll("round:open", { k: options.k }, (_, v) => v.round?.status === "open");
    sessions.forEach((s, k) => (s.round = Number(opened.acks[k].round)));

    // — guesses of all phones within one window —
    const sends = planSends(phones.length, options, runIndex);
    const acks = new AckCollector(sends.length);
    const guessMeter = new PhaseMeter(server.pid);
    let burstFrom: TrafficMark | undefined;
    const slips = await runSchedule(sends, (send) => {
      burstFrom ??= traffic.mark();
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
    const expected = sessions.map(acknowledged);
    const sawAll = await Promise.all(
      sessions.map((s, k) => s.host.waitFor((v) => v.round?.number === s.round && v.round.guesses.length >= expected[k].size, 5_000)),
    );
    const sawAllAt = performance.now();
    const burstComplete = sawAll.every((v) => v !== null);
    const hostSawAllMs = burstComplete ? sawAllAt - lastAckAt : null;
    const burst = trafficRates(burstFrom ?? traffic.mark(lastAckAt), traffic.mark(sawAllAt));

    // — close —
    const closed = await commandAll("round:close", {}, (phone, v) => v.round?.number === roundOf(phone) && v.round.status === "closed");

    // — reveal —
    const revealMeter = new PhaseMeter(server.pid);
    const revealFrom = traffic.mark();
    const revealed = await commandAll("round:reveal", {}, (phone, v) => v.reveal?.round === roundOf(phone));
    const revealTraffic = trafficRates(revealFrom, traffic.mark());
    const revealPhase = revealMeter.end();
    const mineMismatch = phones.filter((p) => p.acked && p.latest?.reveal?.mine?.alpha !== p.acked.alpha).length;
    const revealBytes = JSON.stringify(phones[0]?.latest ?? {}).length;

    const liveViews = await Promise.all(
      sessions.map((s) => s.host.waitFor((v) => v.round?.number === s.round && v.round.status === "revealed" && v.round.results !== null, 5_000)),
    );
    const checks = [
      mergeChecks(
        "live host view after reveal",
        sessions.map((s, k) => compareResults("live host view after reveal", liveViews[k], s.round, expected[k])),
      ),
    ];
    const hostViewBytes = Math.max(0, ...liveViews.map((v) => JSON.stringify(v ?? {}).length));

    // — step —
    const baseline = phones.map((p) => p.latest?.network.step ?? 0);
    const stepAfter = sessions.map((s) => (s.phones[0] ? baseline[s.phones[0].i] : (s.host.latest?.engine.step ?? 0)) + 1);
    const stepMeter = new PhaseMeter(server.pid);
    const stepped = await commandAll("network:step", { policy: "median" }, (phone, v) => v.network.step > baseline[phone.i]);
    const stepPhase = stepMeter.end();
    const stepBytes = JSON.stringify(phones[0]?.latest ?? {}).length;
    const afterRoundMb = processRssMb(server.pid);
    const serverProblems = server.problemsSince(problemsFrom);

    // — durability: SIGTERM, start again on the same data, read every session's results back —
    shuttingDown = true;
    closeClients();
    const stop = await server.stop("SIGTERM");
    if (stop.code !== 0) errors.add("server exit", `SIGTERM → exit code ${stop.code} signal ${stop.signal}`);
    t0 = performance.now();
    server = await spawnTsChild("server (restart)", "server/index.ts", env, { timeoutMs: 120_000, root, nodeArgs: SERVER_NODE_FLAGS });
    const restartMs = performance.now() - t0;
    const restarted = server;
    const reloaded = await Promise.all(
      sessions.map(async (s) => {
        const host = await HostClient.attach(restarted.url, s.created, t);
        hosts.push(host);
        return host.latest ?? null;
      }),
    );
    const label = "host view after restart (from the database)";
    checks.push(mergeChecks(label, sessions.map((s, k) => compareResults(label, reloaded[k], s.round, expected[k]))));
    sessions.forEach((s, k) => {
      const view = reloaded[k];
      const where = sessions.length > 1 ? `session ${k}: ` : "";
      if (view && view.engine.step !== stepAfter[k]) errors.add("restart check", `${where}engine step ${view.engine.step} after restart, expected ${stepAfter[k]}`);
      if (view && view.players.length !== s.phones.length)
        errors.add("restart check", `${where}${view.players.length} players after restart, expected ${s.phones.length}`);
    });
    closeClients();
    const stop2 = await server.stop("SIGTERM");
    if (stop2.code !== 0) errors.add("server exit", `SIGTERM after restart → exit code ${stop2.code} signal ${stop2.signal}`);
    serverProblems.push(...server.problemsSince(0));

    return {
      phones: n,
      sessions: sessions.length,
      startMs,
      connect: { ms: connectMs, each: stats(connected.times), ok: connected.sockets.filter(Boolean).length },
      join: { ms: joinMs, each: stats(joinTimes), ok: phones.length, viewsPerPhone: joinViews / Math.max(1, phones.length) },
      open: opened.phase,
      guesses: { sent: sends.length, acks: stats(acks.times), ok: acks.ok, slipMax: Math.max(0, ...slips), phase: guessPhase, hostSawAllMs },
      close: closed.phase,
      reveal: { ...revealed.phase, phase: revealPhase, viewBytes: revealBytes, mineMismatch },
      step: { ...stepped.phase, phase: stepPhase, viewBytes: stepBytes },
      hostViewBytes,
      traffic: { burst, burstComplete, reveal: revealTraffic },
      memory: { beforePhonesMb, afterJoinMb, afterRoundMb },
      checks,
      expected: expected.reduce((sum, e) => sum + e.size, 0),
      lost: Math.max(...checks.map((c) => c.lost)),
      restart: { stopMs: stop.ms, exitCode: stop.code, startMs: restartMs },
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
