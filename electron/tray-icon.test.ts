import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, trayIconPixels, trayIconPngs } from './tray-icon.js';

function decode(png: Buffer): { width: number; height: number; colourType: number; rows: Buffer } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idatLength = png.readUInt32BE(33);
  expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
  return { width, height, colourType: png[25] as number, rows: inflateSync(png.subarray(41, 41 + idatLength)) };
}

describe('tray icons', () => {
  it('encodes valid RGBA PNGs whose pixels round-trip', () => {
    const pixels = trayIconPixels(16, 'running', false);
    const png = encodePng(16, 16, pixels);
    const { width, height, colourType, rows } = decode(png);
    expect([width, height, colourType]).toEqual([16, 16, 6]);
    expect(rows.length).toBe(16 * (16 * 4 + 1));
    expect([...rows.subarray(1, 65)]).toEqual([...pixels.subarray(0, 64)]);
    expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow();
  });

  it('draws something visible, transparent at the corners, different when paused', () => {
    const running = trayIconPixels(32, 'running', false);
    const paused = trayIconPixels(32, 'paused', false);
    const alpha = (pixels: Uint8Array, x: number, y: number) => pixels[(y * 32 + x) * 4 + 3];
    expect(alpha(running, 0, 0)).toBe(0);
    expect(alpha(running, 16, 16)).toBe(255);
    expect(alpha(paused, 16, 16)).toBe(0); // hollow centre between the bars
    expect(Buffer.from(running).equals(Buffer.from(paused))).toBe(false);
  });

  it('is a black template image on macOS, coloured elsewhere, at 16 and 32 px', () => {
    const mac = trayIconPngs('running', 'darwin');
    expect(mac.template).toBe(true);
    expect(decode(mac.scale1).width).toBe(16);
    expect(decode(mac.scale2).width).toBe(32);
    const template = trayIconPixels(16, 'running', true);
    for (let offset = 0; offset < template.length; offset += 4) expect(template[offset]! + template[offset + 1]! + template[offset + 2]!).toBe(0);
    expect(trayIconPngs('paused', 'linux').template).toBe(false);
    expect(trayIconPixels(16, 'running', false)[2]).toBeGreaterThan(0);
  });
});
