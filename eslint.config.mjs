import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
    // Bit-exact replays everywhere: ECMAScript leaves the last bit of these to each engine, so the training engine
    // takes its elementary functions from lib/engine/det-math.ts (legacy-math.ts alone may use them, for old logs).
    files: ["lib/engine/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", ...["exp", "log", "log1p", "log2", "log10", "tanh", "sinh", "cosh", "sin",
        "cos", "tan", "asin", "acos", "atan", "atan2", "pow", "hypot", "cbrt", "expm1", "asinh", "acosh", "atanh"].map(
        (property) => ({ object: "Math", property, message: "Not bit-exact across JavaScript engines: use lib/engine/det-math.ts." }),
      )],
      "no-restricted-syntax": ["error",
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
