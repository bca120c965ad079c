/**
 * The main window's bounds and maximized state, remembered across launches in
 * `<dataDir>/window-state.json`, validated with zod, and restored onto a display that still exists: a
 * window saved on a monitor that is gone (or mostly off-screen) comes back centred on the primary display,
 * never invisible. Pure functions, plus load/save on a file.
 */
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 420;
export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
/** A window must show at least this much of itself on a display to stay where it was. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;

const coordinate = z.number().int().min(-100_000).max(100_000);
const extent = z.number().int().min(1).max(100_000);

export const WindowStateSchema = z.object({
  x: coordinate,
  y: coordinate,
  width: extent,
  height: extent,
  maximized: z.boolean().default(false),
});

export type WindowState = z.output<typeof WindowStateSchema>;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.max(Math.min(size.width, area.width), Math.min(MIN_WIDTH, area.width));
  const height = Math.max(Math.min(size.height, area.height), Math.min(MIN_HEIGHT, area.height));
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}

/**
 * Where to open the window, given what was saved and the work areas of the displays now attached (the
 * primary one first). Sizes are clamped to the chosen display; the window is moved entirely onto it.
 */
export function restoreBounds(saved: WindowState | undefined, workAreas: readonly Rect[], fallbackSize = DEFAULT_SIZE): Rect | undefined {
  const primary = workAreas[0];
  if (!primary) return saved ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : undefined;
  if (!saved) return centred(fallbackSize, primary);
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const shared = overlap(saved, area);
    if (shared.width >= Math.min(MIN_VISIBLE.width, saved.width) && shared.height >= Math.min(MIN_VISIBLE.height, saved.height) && shared.width * shared.height > bestArea) {
      best = area;
      bestArea = shared.width * shared.height;
    }
  }
  if (!best) return centred(saved, primary);
  const width = Math.min(Math.max(saved.width, Math.min(MIN_WIDTH, best.width)), best.width);
  const height = Math.min(Math.max(saved.height, Math.min(MIN_HEIGHT, best.height)), best.height);
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - height);
  return { x, y, width, height };
}

/** What to save: the normal (restored) bounds, so a maximized window comes back maximized over the right size. */
export function captureWindowState(window: { getNormalBounds(): Rect; isMaximized(): boolean }): WindowState | undefined {
  const bounds = window.getNormalBounds();
  const result = WindowStateSchema.safeParse({ ...roundRect(bounds), maximized: window.isMaximized() });
  return result.success ? result.data : undefined;
}

const roundRect = (rect: Rect): Rect => ({ x: Math.round(rect.x), y: Math.round(rect.y), width: Math.round(rect.width), height: Math.round(rect.height) });

export function loadWindowState(file: string): WindowState | undefined {
  return readJsonFile(file, WindowStateSchema);
}

export function saveWindowState(file: string, state: WindowState): void {
  writeJsonFile(file, state);
}
