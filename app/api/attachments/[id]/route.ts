import { route } from "@/lib/http/errors";
import { serveAttachment } from "@/lib/storage/serve";

export const dynamic = "force-dynamic";

/** Signed attachment downloads (lib/storage/serve.ts): the URL is the credential, for agents' browsers and providers alike. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return serveAttachment(request, id);
});
