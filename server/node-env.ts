// Imported first by server/index.ts: Next reads NODE_ENV while loading, so it must be settled before `next` is imported.
const dev = process.argv.includes("--dev");
(process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
export {};
