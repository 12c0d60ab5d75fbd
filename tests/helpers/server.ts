import { startServer, type RunningServer } from "@/server/app-server";
import type { Limits } from "@/server/limits";
import { createLogger } from "@/server/logger";

export type TestServerOptions = {
  dataDir: string;
  databaseUrl?: string;
  /** Serve Next pages (needs a production build; see tests/global-setup.ts). */
  pages?: boolean;
  maxPlayers?: number;
  retentionDays?: number;
  limits?: Partial<Limits>;
  trustProxy?: number;
  allowedOrigins?: string[];
  publicUrl?: string;
};

/** The real server, in this process, on a free port. LOG_LEVEL=debug shows its logs. */
export async function startTestServer(options: TestServerOptions): Promise<RunningServer> {
  if (options.pages && process.env.BACKPROP_BUILD_ERROR)
    throw new Error(`The Next build failed, so pages cannot be served: ${process.env.BACKPROP_BUILD_ERROR}`);
  return startServer({
    port: 0,
    host: "127.0.0.1",
    dev: false,
    publicUrl: options.publicUrl,
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    pages: options.pages ?? false,
    maxPlayers: options.maxPlayers ?? 1000,
    retentionDays: options.retentionDays,
    limits: options.limits,
    trustProxy: options.trustProxy,
    allowedOrigins: options.allowedOrigins,
    log: createLogger((process.env.LOG_LEVEL as "debug" | undefined) ?? "warn"),
  });
}
