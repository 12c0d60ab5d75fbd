import { monitorEventLoopDelay } from "node:perf_hooks";
import { ms } from "./numbers";
import { machineBusyMs, processCpuMs } from "./proc-stats";

/**
 * Server CPU (summed over several server processes when given several pids; one that exits during the phase — a
 * killed node — is left out) and this process's CPU and event-loop delay over one phase.
 */
export class PhaseMeter {
  private readonly serverCpu0: Map<number | undefined, number | undefined>;
  private readonly machine0 = machineBusyMs();
  private readonly benchCpu0 = process.cpuUsage();
  private readonly wall0 = performance.now();
  private readonly loop = monitorEventLoopDelay({ resolution: 5 });

  constructor(serverPid: number | undefined | readonly number[]) {
    const pids: readonly (number | undefined)[] = Array.isArray(serverPid) ? serverPid : [serverPid as number | undefined];
    this.serverCpu0 = new Map(pids.map((pid) => [pid, processCpuMs(pid)]));
    this.loop.enable();
  }

  end(): { wallMs: number; serverCpuMs?: number; benchCpuMs: number; othersCpuMs?: number; benchLoopP99: number; benchLoopMax: number } {
    this.loop.disable();
    const cpu = process.cpuUsage(this.benchCpu0);
    const serverCpuMs = this.serverCpuSince();
    const machine1 = machineBusyMs();
    const benchCpuMs = (cpu.user + cpu.system) / 1000;
    const machineMs = machine1 !== undefined && this.machine0 !== undefined ? machine1 - this.machine0 : undefined;
    return {
      wallMs: performance.now() - this.wall0,
      serverCpuMs,
      othersCpuMs: machineMs !== undefined && serverCpuMs !== undefined ? Math.max(0, machineMs - serverCpuMs - benchCpuMs) : undefined,
      benchCpuMs,
      benchLoopP99: this.loop.percentile(99) / 1e6,
      benchLoopMax: this.loop.max / 1e6,
    };
  }

  private serverCpuSince(): number | undefined {
    let sum: number | undefined;
    for (const [pid, start] of this.serverCpu0) {
      const end = processCpuMs(pid);
      if (start !== undefined && end !== undefined) sum = (sum ?? 0) + end - start;
    }
    return sum;
  }
}
export type Phase = ReturnType<PhaseMeter["end"]>;

export function describePhase(p: Phase): string {
  const server = p.serverCpuMs === undefined ? "?" : `${ms(p.serverCpuMs)} ms (${((p.serverCpuMs / p.wallMs) * 100).toFixed(0)}% of a core)`;
  // /proc counts in 10 ms ticks: short phases are coarse.
  const others = p.othersCpuMs === undefined ? "?" : `${ms(p.othersCpuMs)} ms`;
  return (
    `wall ${ms(p.wallMs)} ms; server CPU ${server}; bench CPU ${ms(p.benchCpuMs)} ms ` +
    `(${((p.benchCpuMs / p.wallMs) * 100).toFixed(0)}%); rest of the machine ${others}; ` +
    `bench event-loop delay p99 ${ms(p.benchLoopP99)} / max ${ms(p.benchLoopMax)} ms`
  );
}
