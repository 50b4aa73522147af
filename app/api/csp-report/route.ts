import { z } from "zod";
import { route } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { parseJsonBody } from "@/lib/security/body";
import { clientIpFromHeaders } from "@/lib/security/ip";
import { publicApiByIp } from "@/lib/security/limits";
import { ipRateKey, rateLimitResponse } from "@/lib/security/rate-limit";

/**
 * CSP violation reports from browsers: `report-uri` posts application/csp-report,
 * the Reporting API (`report-to`) posts batches as application/reports+json.
 * Reports are attacker-controllable input, so they are bounded, rate limited and
 * logged with URLs cut to origin + path (queries can hold tokens and personal data).
 */
const MAX_BYTES = 16 * 1024;
const MAX_LOGGED = 10;

// Browsers disagree on field types; a malformed field is dropped rather than failing the report.
const str = z.string().max(4096).optional().catch(undefined);
const num = z.number().int().nonnegative().optional().catch(undefined);

const ZLegacyReport = z.object({
  "csp-report": z.object({
    "document-uri": str,
    "blocked-uri": str,
    "violated-directive": str,
    "effective-directive": str,
    "source-file": str,
    "line-number": num,
    "column-number": num,
    disposition: str,
    "status-code": num,
  }),
});

const ZReportingApiBatch = z
  .array(
    z.object({
      type: z.string().max(64),
      body: z
        .object({
          documentURL: str,
          blockedURL: str,
          effectiveDirective: str,
          sourceFile: str,
          lineNumber: num,
          columnNumber: num,
          disposition: str,
          statusCode: num,
        })
        .optional()
        .catch(undefined),
    }),
  )
  .max(100);

const ZCspReportBody = z.union([ZLegacyReport, ZReportingApiBatch]);
type TCspViolation = {
  directive?: string;
  blocked?: string;
  document?: string;
  source?: string;
  line?: number;
  column?: number;
  disposition?: string;
};

/** Keeps origin + path of URLs; keywords such as `inline` or `eval` pass through. */
function withoutQuery(value: string | undefined): string | undefined {
  if (!value) return value;
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return `${url.origin}${url.pathname}`.slice(0, 512);
    return url.protocol; // data:, blob:, chrome-extension: bodies are not worth keeping
  } catch {
    return value.split(/[?#]/, 1)[0]!.slice(0, 128);
  }
}

function violations(body: z.output<typeof ZCspReportBody>): TCspViolation[] {
  if (!Array.isArray(body)) {
    const r = body["csp-report"];
    return [{ directive: r["effective-directive"] ?? r["violated-directive"], blocked: r["blocked-uri"], document: r["document-uri"], source: r["source-file"], line: r["line-number"], column: r["column-number"], disposition: r.disposition }];
  }
  return body
    .filter((r) => r.type === "csp-violation" && r.body)
    .map(({ body: b }) => ({ directive: b!.effectiveDirective, blocked: b!.blockedURL, document: b!.documentURL, source: b!.sourceFile, line: b!.lineNumber, column: b!.columnNumber, disposition: b!.disposition }));
}

export const POST = route(
  async (request: Request) => {
    const limited = await publicApiByIp.consume(ipRateKey(clientIpFromHeaders(request.headers)));
    if (!limited.ok) return rateLimitResponse(limited.retryAfterSec);

    const parsed = await parseJsonBody(request, ZCspReportBody, {
      maxBytes: MAX_BYTES,
      contentTypes: ["application/csp-report", "application/reports+json", "application/json"],
    });
    if (!parsed.ok) return parsed.response;

    const requestId = request.headers.get("x-request-id") ?? undefined;
    for (const v of violations(parsed.data).slice(0, MAX_LOGGED)) {
      log.warn("csp violation", { requestId, ...v, blocked: withoutQuery(v.blocked), document: withoutQuery(v.document), source: withoutQuery(v.source) });
    }
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
  // Browsers send reports without Origin, and a report changes no state.
  { origin: { skip: "browser-report" } },
);
