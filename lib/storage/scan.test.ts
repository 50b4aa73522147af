import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clamdPing, clamdScan, parseClamdUrl, ScannerUnavailable } from "./scan";
import { EICAR, startFakeClamd, type TFakeClamd } from "./testing/fake-clamd";

let clamd: TFakeClamd | undefined;
afterEach(async () => {
  await clamd?.close();
  clamd = undefined;
});

describe("clamd INSTREAM client", () => {
  it("passes a clean file and hands clamd exactly its bytes, in length-prefixed chunks", async () => {
    clamd = await startFakeClamd();
    // Over one 64 KiB chunk, with every byte value: reassembled, it must be the same file.
    const file = Buffer.alloc(200_000);
    for (let i = 0; i < file.length; i++) file[i] = (i * 7) % 256;
    expect(await clamdScan(clamd.url, file, 5000)).toEqual({ clean: true });
    expect(clamd.scans).toHaveLength(1);
    expect(clamd.scans[0]!.equals(file)).toBe(true);
  });

  it("reports the signature clamd finds", async () => {
    clamd = await startFakeClamd();
    const file = Buffer.from(`%PDF-1.4\n${EICAR}\n`);
    expect(await clamdScan(clamd.url, file, 5000)).toEqual({ clean: false, signature: "Eicar-Signature" });
  });

  it("fails closed: unreachable, silent, hanging up, or refusing the size is ScannerUnavailable, never clean", async () => {
    const free = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    await expect(clamdScan(`tcp://127.0.0.1:${free}`, Buffer.from("hello"), 2000)).rejects.toBeInstanceOf(ScannerUnavailable);

    clamd = await startFakeClamd({ mode: "hang" });
    await expect(clamdScan(clamd.url, Buffer.from("hello"), 300)).rejects.toThrow(/did not answer within 300 ms/);
    await clamd.close();

    clamd = await startFakeClamd({ mode: "close" });
    await expect(clamdScan(clamd.url, Buffer.from("hello"), 2000)).rejects.toThrow(/without a verdict/);
    await clamd.close();

    clamd = await startFakeClamd({ maxBytes: 1000 });
    await expect(clamdScan(clamd.url, Buffer.alloc(5000, 1), 2000)).rejects.toThrow(/refused the scan: INSTREAM size limit exceeded/);
  });

  it("PING: true only when clamd answers PONG; unreachable, hanging up or silent is false", async () => {
    clamd = await startFakeClamd();
    expect(await clamdPing(clamd.url, 2000)).toBe(true);
    clamd.setMode("close");
    expect(await clamdPing(clamd.url, 2000)).toBe(false);
    clamd.setMode("hang");
    expect(await clamdPing(clamd.url, 200)).toBe(false);
    const url = clamd.url;
    await clamd.close();
    clamd = undefined;
    expect(await clamdPing(url, 2000)).toBe(false);
  });

  it("reads tcp:// and unix:// addresses and refuses anything else", () => {
    expect(parseClamdUrl("tcp://clamav:3310")).toEqual({ host: "clamav", port: 3310 });
    expect(parseClamdUrl("tcp://10.0.0.5")).toEqual({ host: "10.0.0.5", port: 3310 });
    expect(parseClamdUrl("unix:///run/clamav/clamd.ctl")).toEqual({ path: "/run/clamav/clamd.ctl" });
    expect(() => parseClamdUrl("http://clamav:3310")).toThrow(/tcp:\/\/host:port or unix/);
  });
});
