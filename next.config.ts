import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A separate build folder lets the test run build beside a developer's `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  serverExternalPackages: ["pg", "@electric-sql/pglite", "@electric-sql/pglite-socket", "ioredis"],
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
    // forbidden() / unauthorized() for role checks in pages and route handlers.
    authInterrupts: true,
  },
};

export default nextConfig;
