// Writes public/icon-192.png and public/icon-512.png (the favicon's design: three states on a
// blue tile) for the web app manifest. Run once after changing the design: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};

function icon(size) {
  const px = Buffer.alloc(size * (size * 4 + 1));
  const s = size / 32; // the favicon's 32-unit grid; full-bleed tile (maskable-safe: content in the middle 60%)
  for (let y = 0; y < size; y++) {
    px[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let rgb = [0x1f, 0x4e, 0x79];
      for (const cx of [8, 16, 24]) if ((x / s - cx) ** 2 + (y / s - 16) ** 2 <= 16) rgb = [0xf4, 0xa2, 0x59];
      if (Math.abs(y / s - 16) <= 0.6 && ((x / s > 11 && x / s < 13) || (x / s > 19 && x / s < 21))) rgb = [0xff, 0xff, 0xff];
      px.set([...rgb, 255], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(px)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
for (const n of [192, 512]) writeFileSync(new URL(`../public/icon-${n}.png`, import.meta.url), icon(n));
