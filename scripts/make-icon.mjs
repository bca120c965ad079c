#!/usr/bin/env node
// Draws build/icon.png (1024×1024, RGBA): a rounded square with a "signal" glyph — a dot and three
// broadcast arcs. Pure Node (zlib + a CRC table), no image library; electron-builder turns the PNG into
// .icns and .ico. Run `node scripts/make-icon.mjs` after changing the drawing; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;
const clamp = (value) => Math.min(1, Math.max(0, value));
/** Coverage of a shape from its signed distance (negative inside), anti-aliased over one pixel. */
const cover = (distance) => clamp(0.5 - distance);

function roundedSquare(x, y) {
  const half = SIZE * 0.41, radius = SIZE * 0.2, c = SIZE / 2;
  const qx = Math.abs(x - c) - (half - radius), qy = Math.abs(y - c) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

// The glyph: centred low-left, radiating to the upper right (a quarter of each ring, with round caps).
const origin = { x: SIZE * 0.34, y: SIZE * 0.66 };
function glyph(x, y) {
  const dx = x - origin.x, dy = origin.y - y;
  let distance = Math.hypot(dx, dy) - SIZE * 0.065; // the dot
  for (const ring of [0.2, 0.32, 0.44]) {
    const radius = SIZE * ring, width = SIZE * 0.04;
    const angle = Math.atan2(dy, dx);
    if (angle >= 0 && angle <= Math.PI / 2) distance = Math.min(distance, Math.abs(Math.hypot(dx, dy) - radius) - width);
    else for (const [ex, ey] of [[radius, 0], [0, radius]]) distance = Math.min(distance, Math.hypot(dx - ex, dy - ey) - width);
  }
  return distance;
}

const top = [0x3b, 0x5b, 0xfd], bottom = [0x14, 0x1e, 0x6b]; // indigo gradient
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const t = (x + y) / (2 * SIZE);
    const background = top.map((v, i) => v + (bottom[i] - v) * t);
    const ink = cover(glyph(x + 0.5, y + 0.5));
    const rgb = background.map((v) => Math.round(v + (255 - v) * ink));
    const offset = row + 1 + x * 4;
    raw[offset] = rgb[0]; raw[offset + 1] = rgb[1]; raw[offset + 2] = rgb[2];
    raw[offset + 3] = Math.round(255 * cover(roundedSquare(x + 0.5, y + 0.5)));
  }
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const length = Buffer.alloc(4); length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0); header.writeUInt32BE(SIZE, 4);
header[8] = 8; header[9] = 6; // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const target = fileURLToPath(new URL('../build/icon.png', import.meta.url));
writeFileSync(target, png);
process.stdout.write(`wrote ${target} (${SIZE}×${SIZE}, ${png.length} bytes)\n`);
