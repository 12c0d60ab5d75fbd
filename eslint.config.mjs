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
]);
