/**
 * The way in and out of a bench that starts servers (bench:load, bench:cluster): runs `main`, exits with its code,
 * and on every way out — normal end, deadline, Ctrl-C, SIGTERM, a crash — stops the children and removes the
 * temporary data first (children.ts).
 */
import { errorMessage } from "@/lib/protocol/error-message";
import { cleanupAll, cleanupSync } from "./children";

let exiting = false;

async function shutdown(code: number, reason?: string): Promise<never> {
  if (!exiting) {
    exiting = true;
    if (reason) console.error(reason);
    await cleanupAll().catch(() => cleanupSync());
  }
  process.exit(code);
}

const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/** Parses the command line (a usage error exits 2 with the help, --help prints it), arms the deadline, runs main. */
export function runBench<O extends { maxSeconds: number }>(
  cli: { parse: (argv: string[]) => O | null; help: string },
  main: (options: O) => Promise<number>,
): void {
  process.on("exit", cleanupSync);
  process.on("SIGINT", () => void shutdown(130, "\ninterrupted: stopping the servers and removing temporary data"));
  process.on("SIGTERM", () => void shutdown(143, "terminated: stopping the servers and removing temporary data"));
  process.on("uncaughtException", (error) => void shutdown(2, `bench crashed: ${describe(error)}`));
  process.on("unhandledRejection", (error) => void shutdown(2, `bench crashed: ${describe(error)}`));
  const run = async (): Promise<number> => {
    let options: O | null;
    try {
      options = cli.parse(process.argv.slice(2));
    } catch (error) {
      console.error(errorMessage(error));
      console.error(cli.help);
      return 2;
    }
    if (!options) {
      console.log(cli.help);
      return 0;
    }
    const { maxSeconds } = options;
    setTimeout(() => void shutdown(2, `bench deadline of ${maxSeconds} s passed: stopping`), maxSeconds * 1000).unref();
    return main(options);
  };
  run().then(
    (code) => shutdown(code),
    (error: unknown) => shutdown(2, `bench failed: ${describe(error)}`),
  );
}
