import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import type { CreateSessionResponse } from "@/lib/protocol";
import type { RunningServer } from "@/server/app-server";
import { artifactPath, launchBrowser } from "./browser";
import { createScratchPostgresDatabase, createTempDataDir, postgresTestUrl, type ScratchDatabase, type TempDataDir } from "./database";
import { attachHost, createSession, joinStudent, type Host, type Student } from "./lesson";
import { startTestServer, type TestServerOptions } from "./server";

/*
 * Suite fixtures: each registers its own beforeAll/afterAll in the describe block that calls it and hands back an
 * object whose getters read what beforeAll made. Vitest runs afterAll hooks last-registered first, so a fixture
 * declared after another (a browser after its server) is torn down before it.
 */

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not ready: read it inside a test or a later beforeAll`);
  return value;
}

/** Something made before the suite's tests and disposed of after them; the getter reads it. */
function suiteResource<T>(what: string, make: () => Promise<T>, dispose: (made: T) => Promise<void>): () => T {
  const holder: { made?: T } = {};
  beforeAll(async () => {
    holder.made = await make();
  });
  afterAll(async () => {
    if (holder.made !== undefined) await dispose(holder.made);
  });
  return () => required(holder.made, what);
}

/** A fresh data directory for the suite, removed afterwards. */
export function useTempDataDir(): { readonly path: string } {
  const dir = suiteResource("the data directory", () => createTempDataDir(), (d: TempDataDir) => d.remove());
  return {
    get path() {
      return dir().path;
    },
  };
}

/** A scratch PostgreSQL database (on TEST_DATABASE_URL) for the suite, dropped afterwards. Skip the suite without one. */
export function useScratchPostgres(): { readonly url: string } {
  const scratch = suiteResource("the scratch database", () => createScratchPostgresDatabase(postgresTestUrl()!), (d: ScratchDatabase) => d.drop());
  return {
    get url() {
      return scratch().url;
    },
  };
}

export type ServerFixture = {
  readonly url: string;
  readonly database: RunningServer["database"];
  readonly server: RunningServer;
  readonly dataDir: string;
  /** Stops the server and starts a new one on the same data (a restart; the URL changes). */
  restart(): Promise<void>;
};

/**
 * The real server on a free port with its own data directory, for the suite. `postgres: true` runs it on a scratch
 * PostgreSQL database instead of the embedded one.
 */
export function useTestServer(options: Omit<TestServerOptions, "dataDir" | "databaseUrl"> & { postgres?: boolean } = {}): ServerFixture {
  const { postgres, ...serverOptions } = options;
  const dataDir = useTempDataDir();
  const made: { scratch?: ScratchDatabase; server?: RunningServer } = {};
  const start = async () => {
    made.server = await startTestServer({ ...serverOptions, dataDir: dataDir.path, databaseUrl: made.scratch?.url });
  };
  beforeAll(async () => {
    if (postgres) made.scratch = await createScratchPostgresDatabase(postgresTestUrl()!);
    await start();
  });
  afterAll(async () => {
    await made.server?.close();
    await made.scratch?.drop();
  });
  const server = () => required(made.server, "the test server");
  return {
    get server() {
      return server();
    },
    get url() {
      return server().url;
    },
    get database() {
      return server().database;
    },
    get dataDir() {
      return dataDir.path;
    },
    async restart() {
      await made.server?.close();
      made.server = undefined;
      await start();
    },
  };
}

/** Headless Chromium for the suite (see browser.ts), with test-artifacts/ made for screenshots. */
export function useBrowser(): { readonly browser: Browser } {
  const launched = suiteResource(
    "the browser",
    () => {
      mkdirSync(artifactPath(""), { recursive: true });
      return launchBrowser();
    },
    (b) => b.close(),
  );
  return {
    get browser() {
      return launched().browser;
    },
  };
}

export type ClassFixture = { readonly created: CreateSessionResponse; readonly host: Host; readonly students: Student[] };

/**
 * A session on the suite's server with its host attached and `nicknames` joined (in order), all closed afterwards.
 * Call it after useTestServer.
 */
export function useClass(server: { readonly url: string }, options: { session?: object; nicknames?: readonly string[] } = {}): ClassFixture {
  let created: CreateSessionResponse | undefined;
  let host: Host | undefined;
  const students: Student[] = [];
  beforeAll(async () => {
    created = await createSession(server.url, options.session);
    host = await attachHost(server.url, created);
    for (const name of options.nicknames ?? []) students.push(await joinStudent(server.url, created.joinCode, name));
  });
  afterAll(() => {
    for (const s of students) s.socket.close();
    host?.socket.close();
  });
  return {
    get created() {
      return required(created, "the session");
    },
    get host() {
      return required(host, "the host");
    },
    students,
  };
}

/** The key app/_lib/stored-credentials.ts keeps host sessions under. */
export const HOST_SESSIONS_KEY = "backprop-live:host-sessions";

/** What the landing page leaves in localStorage for a session it created: the console reads its host token there. */
export function hostSessionRecord(created: CreateSessionResponse, createdAt = Date.now()) {
  return {
    sessionId: created.sessionId,
    hostToken: created.hostToken,
    joinCode: created.joinCode,
    scenario: created.config.scenario,
    title: created.config.name,
    createdAt,
  };
}

export type OpenedPage = { page: Page; context: BrowserContext; errors: string[] };
export type PageOptions = {
  viewport: { width: number; height: number };
  deviceScaleFactor?: number;
  acceptDownloads?: boolean;
  /** localStorage entries set before any of the page's scripts run. */
  storage?: Record<string, string>;
  /** Also collect console errors into `errors` (page errors always are). */
  consoleErrors?: boolean;
};

/** A page in a new browser context (closed with it), with localStorage prepared, at `url`. */
export async function openPage(browser: Browser, url: string, options: PageOptions): Promise<OpenedPage> {
  const { viewport, deviceScaleFactor, acceptDownloads, storage = {}, consoleErrors } = options;
  const context = await browser.newContext({ viewport, deviceScaleFactor, acceptDownloads });
  if (Object.keys(storage).length > 0)
    await context.addInitScript((entries) => {
      for (const [key, value] of entries) window.localStorage.setItem(key, value);
    }, Object.entries(storage));
  const page = await context.newPage();
  const errors: string[] = [];
  if (consoleErrors) page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(url);
  return { page, context, errors };
}

/**
 * The console of `created` on the server at `serverUrl`, holding the host token the way the landing page leaves it
 * (in localStorage, not the URL), plus any other `storage` entries.
 */
export function openHostConsole(browser: Browser, serverUrl: string, created: CreateSessionResponse, options: PageOptions): Promise<OpenedPage> {
  const storage = { [HOST_SESSIONS_KEY]: JSON.stringify([hostSessionRecord(created)]), ...options.storage };
  return openPage(browser, `${serverUrl}/host/${created.sessionId}`, { ...options, storage });
}
