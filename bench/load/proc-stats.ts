/** What /proc says about CPU and memory (Linux); undefined elsewhere. */
import fs from "node:fs";

/** CPU time (user + system, ms) a process has used so far, from /proc; undefined where /proc is unavailable. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** CPU time (ms) all cores of this machine spent busy so far (not idle, not waiting for I/O), from /proc/stat. */
export function machineBusyMs(): number | undefined {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
    const [, ...ticks] = line.trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal (guest time is counted in user)
    return ((total - ticks[3] - ticks[4]) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process in MB, from /proc. */
export function processRssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
