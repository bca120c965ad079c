/**
 * Tray icons drawn at runtime (no image files to ship): a disc with an outgoing "signal" arc when running,
 * a hollow ring with two pause bars when paused. PNG-encoded here (zlib + CRC-32 from node:zlib), then
 * `nativeImage.createFromBuffer` in tray.ts. On macOS the icon is a template image (black + alpha; the
 * system tints it for light/dark menu bars); elsewhere it is drawn in colour. 16 px and 32 px (@2x).
 * Pure and tested.
 */
import { crc32, deflateSync } from 'node:zlib';

export type TrayIconState = 'running' | 'paused';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const TEMPLATE: Rgb = { r: 0, g: 0, b: 0 };
const COLOURS: Record<TrayIconState, Rgb> = { running: { r: 37, g: 99, b: 235 }, paused: { r: 120, g: 120, b: 128 } };

/** Coverage in [0, 1] of the unit-square glyph at (u, v) ∈ [0, 1)², for one state. */
function covers(state: TrayIconState, u: number, v: number): boolean {
  const dx = u - 0.5;
  const dy = v - 0.5;
  const r = Math.hypot(dx, dy);
  if (state === 'paused') {
    if (r <= 0.46 && r >= 0.34) return true;
    return Math.abs(dy) <= 0.17 && ((dx >= -0.13 && dx <= -0.04) || (dx >= 0.04 && dx <= 0.13));
  }
  if (r <= 0.2) return true;
  // The signal: an arc on the upper right, a quarter ring between radii 0.32 and 0.44.
  return r >= 0.32 && r <= 0.44 && dx >= -0.05 && dy <= 0.05;
}

/** RGBA pixels of the icon, anti-aliased by 4×4 supersampling. */
export function trayIconPixels(size: number, state: TrayIconState, template: boolean): Uint8Array {
  const colour = template ? TEMPLATE : COLOURS[state];
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (covers(state, (x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size)) hits++;
        }
      }
      const offset = (y * size + x) * 4;
      pixels[offset] = colour.r;
      pixels[offset + 1] = colour.g;
      pixels[offset + 2] = colour.b;
      pixels[offset + 3] = Math.round((hits / (samples * samples)) * 255);
    }
  }
  return pixels;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** Encodes 8-bit RGBA pixels as a PNG (filter 0 on every row). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('pixel buffer does not match the size');
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

/** The 1x (16 px) and 2x (32 px) PNGs of a tray icon. */
export function trayIconPngs(state: TrayIconState, platform: NodeJS.Platform): { scale1: Buffer; scale2: Buffer; template: boolean } {
  const template = platform === 'darwin';
  return {
    scale1: encodePng(16, 16, trayIconPixels(16, state, template)),
    scale2: encodePng(32, 32, trayIconPixels(32, state, template)),
    template,
  };
}
