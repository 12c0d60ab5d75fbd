/**
 * The small logging surface the database layer needs. It is structurally compatible with `console` and with the
 * usual structured loggers, so callers can pass whatever they already have.
 */
export interface DbLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** Logs to the console with a "[db]" prefix; the default when the caller gives no logger. */
export const consoleDbLogger: DbLogger = {
  info: (message, context) => (context ? console.info(`[db] ${message}`, context) : console.info(`[db] ${message}`)),
  warn: (message, context) => (context ? console.warn(`[db] ${message}`, context) : console.warn(`[db] ${message}`)),
  error: (message, context) =>
    context ? console.error(`[db] ${message}`, context) : console.error(`[db] ${message}`),
};

/** Discards everything; for tests that assert on behaviour rather than output. */
export const silentDbLogger: DbLogger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Returns the connection string with any password replaced by "***", fit for logs and error messages.
 * Handles the password in the userinfo part and in a `password=` query parameter; anything that does not parse as a
 * URL is withheld entirely, since we cannot tell where a secret might be in it.
 */
export function redactConnectionString(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return "<connection string withheld: not a URL>";
  }
  if (url.password) url.password = "***";
  for (const key of [...url.searchParams.keys()]) {
    if (key.toLowerCase() === "password") url.searchParams.set(key, "***");
  }
  return url.toString();
}
