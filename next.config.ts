import type { NextConfig } from "next";
import { MACHINE_ROUTE_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // A separate build folder lets the test run build beside a developer's `next dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  serverExternalPackages: ["pg", "@electric-sql/pglite", "@electric-sql/pglite-socket", "ioredis"],
  // Provider webhooks skip proxy.ts (see its matcher); their security headers are static.
  async headers() {
    return [{ source: "/api/webhooks/:path*", headers: [...MACHINE_ROUTE_HEADERS] }];
  },
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
    // forbidden() / unauthorized() for role checks in pages and route handlers.
    authInterrupts: true,
  },
};

export default nextConfig;
