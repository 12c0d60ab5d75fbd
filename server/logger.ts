/** A small structured logger: one line per event with key=value context. Never pass secrets (tokens, passwords) as context. */
export const LogLevel = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevelName = keyof typeof LogLevel;

export type LogContext = Record<string, unknown>;
export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
  child(context: LogContext): Logger;
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") return /^[\w.:/@-]*$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

export function createLogger(level: LogLevelName = "info", base: LogContext = {}): Logger {
  const threshold = LogLevel[level];
  const write = (name: Exclude<LogLevelName, "silent">, message: string, context?: LogContext) => {
    if (LogLevel[name] < threshold) return;
    const merged = { ...base, ...context };
    const fields = Object.entries(merged)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(" ");
    const line = `${new Date().toISOString()} ${name.toUpperCase().padEnd(5)} ${message}${fields ? " " + fields : ""}`;
    (name === "error" || name === "warn" ? process.stderr : process.stdout).write(line + "\n");
  };
  return {
    debug: (m, c) => write("debug", m, c),
    info: (m, c) => write("info", m, c),
    warn: (m, c) => write("warn", m, c),
    error: (m, c) => write("error", m, c),
    child: (context) => createLogger(level, { ...base, ...context }),
  };
}
