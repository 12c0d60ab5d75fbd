import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { builtinModules } from "node:module";

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith("_"));

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "data/**", "lib/db/generated/**", "next-env.d.ts", "test-artifacts/**", ".tmp/**"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Client code must never reach into the server process or the database layer.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["@/server/*", "**/server/*"], message: "app/ never imports server/." },
        { group: ["@/lib/db/*", "**/lib/db/*"], message: "app/ never imports lib/db (server-side only)." },
      ] }],
    },
  },
  {
    // The pure layers: the engine, the session rules and the protocol run in the browser, on every node and in
    // replays, so they may not reach the process, the database, the pages or Node itself.
    files: ["lib/engine/**/*.ts", "lib/session/**/*.ts", "lib/protocol/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["@/server/*", "**/server/*", "@/server"], message: "lib/engine, lib/session and lib/protocol are pure: no server/." },
        { group: ["@/lib/db/*", "**/lib/db/*", "@/lib/db"], message: "lib/engine, lib/session and lib/protocol are pure: no lib/db." },
        { group: ["@/app/*", "**/app/*"], message: "lib/ never imports app/." },
        { group: ["node:*"], message: "No Node built-ins in the pure layers." },
        { group: ["@prisma/*", "@electric-sql/*"], message: "No database clients in the pure layers." },
      ], paths: [...NODE_BUILTINS, "pg", "prisma"].map((name) => ({ name, message: "No Node built-ins or database clients in the pure layers." })) }],
    },
  },
  {
    // Determinism: the engine and the session fold must give the same result everywhere, so time, chance and the
    // platform's crypto come in through arguments (ctx), never from globals.
    files: ["lib/engine/**/*.ts", "lib/session/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error",
        { object: "Date", property: "now", message: "No clock in lib/engine or lib/session: take the time from ctx." },
        { object: "Math", property: "random", message: "No Math.random: use the engine's seeded generator." },
        { object: "performance", property: "now", message: "No clock in lib/engine or lib/session." },
        { object: "crypto", property: "randomUUID", message: "No crypto: ids arrive through ctx." },
        { object: "crypto", property: "getRandomValues", message: "No crypto: ids arrive through ctx." },
      ],
      "no-restricted-globals": ["error",
        { name: "crypto", message: "No crypto in lib/engine or lib/session: ids and seeds arrive through ctx." },
        { name: "performance", message: "No clock in lib/engine or lib/session." },
      ],
      "no-restricted-syntax": ["error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "No clock in lib/engine or lib/session: new Date() reads it." },
      ],
    },
  },
]);
