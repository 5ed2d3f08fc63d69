// Draws the app's icons (PNG) with no image library: a newsletter page on
// the accent blue, which reads on light and dark home screens alike.
//   node scripts/icons.mjs   → public/icon-192.png, icon-512.png, icon-maskable-512.png
// The maskable icon fills its square and keeps the page inside the 80 % safe zone.
import fs from 'node:fs';
import zlib from 'node:zlib';

const BLUE = [29, 78, 216];
const WHITE = [255, 255, 255];

// Coverage of a rounded rectangle (x0, y0, x1, y1, radius) at a point.
function inRounded(x, y, [x0, y0, x1, y1, r]) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Colour (with alpha) of the design at unit coordinates (0..1). */
function shade(u, v, maskable) {
  const tile = maskable ? [0, 0, 1, 1, 0] : [0.02, 0.02, 0.98, 0.98, 0.2];
  if (!inRounded(u, v, tile)) return [0, 0, 0, 0];
  // The page, scaled into the safe zone for the maskable icon.
  const s = maskable ? 0.72 : 1;
  const t = (a) => 0.5 + (a - 0.5) * s;
  const page = [t(0.27), t(0.2), t(0.73), t(0.8), 0.045 * s];
  if (!inRounded(u, v, page)) return [...BLUE, 255];
  const lines = [
    [t(0.34), t(0.3), t(0.66), t(0.37), 0.03 * s],
    [t(0.34), t(0.45), t(0.66), t(0.5), 0.025 * s],
    [t(0.34), t(0.56), t(0.66), t(0.61), 0.025 * s],
    [t(0.34), t(0.67), t(0.55), t(0.72), 0.025 * s],
  ];
  return lines.some((l) => inRounded(u, v, l)) ? [...BLUE, 255] : [...WHITE, 255];
}

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const byte of buf) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, maskable) {
  const SS = 4; // samples per axis, for smooth edges
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const [r, g, b, a] = shade((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size, maskable);
          acc[0] += r * a; acc[1] += g * a; acc[2] += b * a; acc[3] += a;
        }
      }
      const a = acc[3] / (SS * SS);
      const o = 1 + x * 4;
      row[o] = a ? Math.round(acc[0] / acc[3]) : 0;
      row[o + 1] = a ? Math.round(acc[1] / acc[3]) : 0;
      row[o + 2] = a ? Math.round(acc[2] / acc[3]) : 0;
      row[o + 3] = Math.round(a);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/', import.meta.url);
fs.writeFileSync(new URL('icon-192.png', out), png(192, false));
fs.writeFileSync(new URL('icon-512.png', out), png(512, false));
fs.writeFileSync(new URL('icon-maskable-512.png', out), png(512, true));
console.log('wrote public/icon-192.png, icon-512.png, icon-maskable-512.png');
