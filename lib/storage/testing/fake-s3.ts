import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";

/**
 * A small S3-compatible server on loopback for tests, path-style
 * (`/{bucket}/{key}`), implementing the documented shapes of PutObject
 * (PUT, ETag = MD5, Content-MD5 checked → 400 BadDigest), GetObject (GET,
 * 404 NoSuchKey error XML) and DeleteObjects (POST `?delete` with a
 * `<Delete>` XML body, `<DeleteResult>` answer). Requests must carry a SigV4
 * Authorization header naming the configured access key.
 */
export type TFakeS3 = { url: string; objects: Map<string, { body: Buffer; contentType: string }>; requests: { method: string; path: string }[]; close(): Promise<void> };

const errorXml = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Undoes `Content-Encoding: aws-chunked` (the SDK's streaming-checksum framing), when used. */
function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const eol = body.indexOf("\r\n", at);
    const size = parseInt(body.subarray(at, eol).toString().split(";")[0]!, 16);
    if (!size) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

export async function startFakeS3(opts: { bucket: string; accessKeyId: string }): Promise<TFakeS3> {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const requests: { method: string; path: string }[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push({ method: req.method ?? "", path: url.pathname + url.search });
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "Content-Type": "application/xml", ...headers });
      res.end(body);
    };
    const auth = String(req.headers.authorization ?? "");
    if (!auth.startsWith("AWS4-HMAC-SHA256 ") || !auth.includes(`Credential=${opts.accessKeyId}/`)) return send(403, errorXml("AccessDenied", "Access Denied"));
    const [, bucket, ...rest] = url.pathname.split("/");
    if (bucket !== opts.bucket) return send(404, errorXml("NoSuchBucket", "The specified bucket does not exist"));
    const key = decodeURIComponent(rest.join("/"));
    let body = await readBody(req);
    if (String(req.headers["content-encoding"] ?? "").includes("aws-chunked")) body = dechunk(body);
    if (req.method === "PUT" && key) {
      const md5 = createHash("md5").update(body).digest();
      const declared = req.headers["content-md5"];
      if (declared && Buffer.from(String(declared), "base64").compare(md5) !== 0) return send(400, errorXml("BadDigest", "The Content-MD5 you specified did not match what we received."));
      objects.set(key, { body, contentType: String(req.headers["content-type"] ?? "binary/octet-stream") });
      res.writeHead(200, { ETag: `"${md5.toString("hex")}"` });
      return res.end();
    }
    if (req.method === "GET" && key) {
      const o = objects.get(key);
      if (!o) return send(404, errorXml("NoSuchKey", "The specified key does not exist."));
      res.writeHead(200, { "Content-Type": o.contentType, "Content-Length": String(o.body.length), ETag: `"${createHash("md5").update(o.body).digest("hex")}"` });
      return res.end(o.body);
    }
    if (req.method === "POST" && url.searchParams.has("delete")) {
      const keys = [...body.toString("utf8").matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      for (const k of keys) objects.delete(k);
      return send(200, `<?xml version="1.0" encoding="UTF-8"?>\n<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${keys.map((k) => `<Deleted><Key>${k}</Key></Deleted>`).join("")}</DeleteResult>`);
    }
    return send(405, errorXml("MethodNotAllowed", "The specified method is not allowed against this resource."));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, objects, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
