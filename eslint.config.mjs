import nextConfig from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextConfig,
  ...nextTs,
  { ignores: ["**/.next/**", "**/.next-*/**", ".*.mjs", "node_modules/**", ".data/**", "lib/db/generated/**", "playwright-report/**", "test-results/**", "public/**", "next-env.d.ts"] },
  {
    rules: {
      // Environment is read in lib/env.ts only.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // server/web.mjs is a launcher like next start: it reads PORT / HOSTNAME before any app code loads.
    files: ["lib/env.ts", "server/web.mjs", "scripts/**", "bench/**", "e2e/**", "playwright.config.ts", "lib/testing/**", "next.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
