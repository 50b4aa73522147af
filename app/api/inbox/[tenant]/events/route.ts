import { requireMember } from "@/lib/auth/guard";
import { route } from "@/lib/http/errors";
import { subscribe } from "@/lib/realtime/bus";
import { createEventStream } from "@/lib/inbox/sse";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The inbox's live updates for one workspace (server-sent events; the browser's EventSource reconnects by itself). */
export const GET = route(async (request: Request, { params }: { params: Promise<{ tenant: string }> }) => {
  const { tenant } = await params;
  const member = await requireMember(tenant, "analyst");
  const stream = createEventStream({ subscribe: (handler) => subscribe(member.tenant.id, handler), signal: request.signal });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "private, no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
