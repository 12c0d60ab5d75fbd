import "./node-env";
import { loadConfig } from "./config";
import { startServer } from "./app-server";
import { createLogger } from "./logger";
import { errorMessage } from "@/lib/protocol";

/** Process entry: `tsx server/index.ts [--dev]`. Configuration comes from the environment (see README). */
async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2));
  const log = createLogger(config.logLevel);
  const server = await startServer({ ...config, log });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("signal received", { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`Backprop Live could not start: ${errorMessage(error)}\n`);
  process.exit(1);
});
