import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** The main window's size and position, remembered in a small JSON file in the data dir. Pure fitting logic. */

const rect = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() });
export type Rect = z.infer<typeof rect>;
const stateSchema = z.object({ bounds: rect.optional(), maximized: z.boolean().default(false) });
export type WindowState = z.infer<typeof stateSchema>;

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1440, height: 900 };
export const MIN_SIZE = { width: 880, height: 600 };
/** How much of the title bar must land on a screen for the saved position to be reused. */
const VISIBLE = { width: 120, height: 40 };

export function loadWindowState(file: string): WindowState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { maximized: false };
  } catch {
    return { maximized: false };
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** The bounds to open with: the saved ones when their title bar is on a screen now (clamped to that screen),
 * else the default size on the primary screen (no position: the window manager centres it). */
export function fitBounds(saved: Rect | undefined, workAreas: Rect[]): { width: number; height: number; x?: number; y?: number } {
  const primary = workAreas[0];
  const fallback = {
    width: primary ? Math.min(DEFAULT_SIZE.width, primary.width) : DEFAULT_SIZE.width,
    height: primary ? Math.min(DEFAULT_SIZE.height, primary.height) : DEFAULT_SIZE.height,
  };
  if (!saved) return fallback;
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: VISIBLE.height };
  const screen = workAreas.find((a) => {
    const o = overlap(titleBar, a);
    return o.width >= VISIBLE.width && o.height >= VISIBLE.height;
  });
  if (!screen) return fallback;
  const width = Math.min(Math.max(saved.width, MIN_SIZE.width), screen.width);
  const height = Math.min(Math.max(saved.height, MIN_SIZE.height), screen.height);
  const x = Math.min(Math.max(saved.x, screen.x), screen.x + screen.width - width);
  const y = Math.min(Math.max(saved.y, screen.y), screen.y + screen.height - height);
  return { x, y, width, height };
}
