import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { builtinModules } from "node:module";

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith("_"));
const CLOCK_AND_CHANCE = [
  { object: "Date", property: "now", message: "No clock in lib/engine or lib/session: take the time from ctx." },
  { object: "Math", property: "random", message: "No Math.random: use the engine's seeded generator." },
  { object: "performance", property: "now", message: "No clock in lib/engine or lib/session." },
  { object: "crypto", property: "randomUUID", message: "No crypto: ids arrive through ctx." },
  { object: "crypto", property: "getRandomValues", message: "No crypto: ids arrive through ctx." },
];
const CLOCK_GLOBALS = [
  { name: "crypto", message: "No crypto in lib/engine or lib/session: ids and seeds arrive through ctx." },
  { name: "performance", message: "No clock in lib/engine or lib/session." },
];
const CLOCK_SYNTAX = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "No clock in lib/engine or lib/session: new Date() reads it." },
];

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
    files: ["lib/session/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", ...CLOCK_AND_CHANCE],
      "no-restricted-globals": ["error", ...CLOCK_GLOBALS],
      "no-restricted-syntax": ["error", ...CLOCK_SYNTAX],
    },
  },
  {
    // The engine, likewise, and bit-exact everywhere: ECMAScript leaves the last bit of these Math functions to each
    // engine, so it takes them from lib/engine/det-math.ts (legacy-math.ts alone may use them, for old logs).
    files: ["lib/engine/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", ...CLOCK_AND_CHANCE, ...["exp", "log", "log1p", "log2", "log10", "tanh", "sinh",
        "cosh", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "pow", "hypot", "cbrt", "expm1", "asinh", "acosh", "atanh"].map(
        (property) => ({ object: "Math", property, message: "Not bit-exact across JavaScript engines: use lib/engine/det-math.ts." }),
      )],
      "no-restricted-globals": ["error", ...CLOCK_GLOBALS],
      "no-restricted-syntax": ["error",
        ...CLOCK_SYNTAX,
        {
          selector: "BinaryExpression[operator='**']:not([right.type='Literal'][right.raw=/^[0-9]+$/])",
          message: "** with a non-integer-literal exponent is Math.pow (not bit-exact): multiply, or use det-math.ts.",
        },
        {
          selector: "AssignmentExpression[operator='**=']",
          message: "**= is Math.pow (not bit-exact): multiply, or use det-math.ts.",
        },
      ],
    },
  },
]);
