import net from "node:net";

/**
 * A stand-in for clamd on loopback, for tests: it answers PING (`zPING\0` or
 * `nPING\n`) with PONG, and speaks the INSTREAM command as clamd(8) documents it (`zINSTREAM\0` or `nINSTREAM\n`, chunks prefixed by
 * a 4-byte big-endian length, a zero-length chunk to end) and answers as clamd
 * does: `stream: OK`, `stream: Eicar-Signature FOUND` for content holding the
 * EICAR test string (what ClamAV's own test signature matches), or
 * `INSTREAM size limit exceeded. ERROR` past `maxBytes` (clamd's StreamMaxLength).
 */
export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!H+H*";

export type TClamdMode = "answer" | "hang" | "close";
/** `setMode` changes how the next scans and pings are answered: "hang" never answers, "close" hangs up without a verdict. */
export type TFakeClamd = { url: string; scans: Buffer[]; setMode: (mode: TClamdMode) => void; close: () => Promise<void> };

export async function startFakeClamd(opts: { maxBytes?: number; mode?: TClamdMode } = {}): Promise<TFakeClamd> {
  const scans: Buffer[] = [];
  let mode: TClamdMode = opts.mode ?? "answer";
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buf = Buffer.alloc(0);
    let command: "z" | "n" | null = null;
    const parts: Buffer[] = [];
    let total = 0;
    let done = false;
    socket.on("data", (d: Buffer) => {
      if (done) return;
      buf = Buffer.concat([buf, d]);
      if (!command) {
        for (const [ping, end] of [["zPING\0", "\0"], ["nPING\n", "\n"]] as const) {
          if (buf.indexOf(ping) !== 0) continue;
          done = true;
          if (mode === "hang") return;
          if (mode === "close") return void socket.destroy();
          return void socket.end(`PONG${end}`);
        }
        if (buf.length < 10 && ("zPING\0".startsWith(buf.toString()) || "nPING\n".startsWith(buf.toString()))) return;
        const z = buf.indexOf("zINSTREAM\0");
        const n = buf.indexOf("nINSTREAM\n");
        if (z !== 0 && n !== 0) return void (buf.length >= 10 && socket.end("UNKNOWN COMMAND\0"));
        command = z === 0 ? "z" : "n";
        buf = buf.subarray(10);
      }
      while (buf.length >= 4) {
        const len = buf.readUInt32BE(0);
        if (len === 0) {
          done = true;
          const file = Buffer.concat(parts);
          scans.push(file);
          const end = command === "z" ? "\0" : "\n";
          if (mode === "hang") return;
          if (mode === "close") return void socket.destroy();
          return void socket.end(`stream: ${file.includes(EICAR) ? "Eicar-Signature FOUND" : "OK"}${end}`);
        }
        if (buf.length < 4 + len) return;
        parts.push(buf.subarray(4, 4 + len));
        total += len;
        buf = buf.subarray(4 + len);
        if (opts.maxBytes !== undefined && total > opts.maxBytes) {
          done = true;
          return void socket.end("INSTREAM size limit exceeded. ERROR\0");
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `tcp://127.0.0.1:${port}`,
    scans,
    setMode: (m) => void (mode = m),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
