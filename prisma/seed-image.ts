import { deflateSync } from "node:zlib";

/**
 * The demo's "damaged parcel" photo: a small PNG drawn here, so the seeded
 * attachment is a real file in storage (the inbox shows it inline, the
 * download route serves it) without shipping a binary in the repository.
 */
const W = 240;
const H = 180;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function pixel(x: number, y: number): [number, number, number] {
  const inBox = x > 40 && x < 200 && y > 50 && y < 160;
  const lid = x > 40 && x < 200 && y > 35 && y <= 50;
  const tape = inBox && x > 110 && x < 130;
  // A dent and a tear across the front of the box.
  const dent = (x - 80) ** 2 / 900 + (y - 120) ** 2 / 300 < 1;
  const tear = inBox && Math.abs(y - 60 - (x - 140) * 0.6) < 2.5 && x > 140 && x < 195;
  if (tear) return [60, 40, 25];
  if (dent && inBox) return [150, 105, 60];
  if (tape) return [214, 196, 150];
  if (inBox) return [190, 140, 85];
  if (lid) return [170, 122, 70];
  return [236, 240, 244];
}

export function damagedParcelPng(): Buffer {
  const raw = Buffer.alloc((W * 3 + 1) * H);
  for (let y = 0; y < H; y++) {
    raw[y * (W * 3 + 1)] = 0;
    for (let x = 0; x < W; x++) raw.set(pixel(x, y), y * (W * 3 + 1) + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0);
  ihdr.writeUInt32BE(H, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
