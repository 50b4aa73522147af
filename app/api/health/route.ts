import { connection } from "next/server";

/** Liveness for the run script and load balancers: says nothing about the deployment. */
export async function GET() {
  // Always answered by the live process, never from a prerendered or cached copy.
  await connection();
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
