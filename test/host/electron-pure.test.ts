import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_URL, isAppUrl, isExternalLink } from '../../src/main/trust';
import { DEFAULT_SIZE, fitBounds, loadWindowState, MIN_SIZE, saveWindowState } from '../../src/main/window-state';
import { tmpDir } from '../helpers/tmp';

const screenA = { x: 0, y: 0, width: 1920, height: 1080 };
const screenB = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('window bounds', () => {
  it('reuses saved bounds that are on a screen', () => {
    expect(fitBounds({ x: 100, y: 50, width: 1200, height: 800 }, [screenA])).toEqual({ x: 100, y: 50, width: 1200, height: 800 });
    expect(fitBounds({ x: 2000, y: 10, width: 1000, height: 700 }, [screenA, screenB])).toEqual({ x: 2000, y: 10, width: 1000, height: 700 });
  });

  it('falls back to the default size when the saved screen is gone or nothing was saved', () => {
    expect(fitBounds({ x: 2000, y: 10, width: 1000, height: 700 }, [screenA])).toEqual(DEFAULT_SIZE);
    expect(fitBounds({ x: 100, y: -500, width: 1000, height: 300 }, [screenA])).toEqual(DEFAULT_SIZE);
    expect(fitBounds(undefined, [screenA])).toEqual(DEFAULT_SIZE);
    expect(fitBounds(undefined, [{ x: 0, y: 0, width: 1024, height: 700 }])).toEqual({ width: 1024, height: 700 });
  });

  it('clamps to the screen and to the minimum size', () => {
    expect(fitBounds({ x: 1800, y: 900, width: 3000, height: 2000 }, [screenA])).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(fitBounds({ x: 10, y: 10, width: 200, height: 100 }, [screenA])).toEqual({ x: 10, y: 10, ...MIN_SIZE });
  });

  it('loads what it saved and shrugs off a missing or corrupt file', () => {
    const dir = tmpDir();
    const file = join(dir, 'window-state.json');
    expect(loadWindowState(file)).toEqual({ maximized: false });
    saveWindowState(file, { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    expect(loadWindowState(file)).toEqual({ bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true });
    writeFileSync(file, '{"bounds": {"x": "a"}');
    expect(loadWindowState(file)).toEqual({ maximized: false });
    writeFileSync(file, '{"bounds": {"x": 1, "y": 2, "width": -5, "height": 3}}');
    expect(loadWindowState(file)).toEqual({ maximized: false });
  });
});

describe('trust checks', () => {
  it('recognises only the app page as its own', () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl('atelier-app://app/assets/x.js')).toBe(true);
    expect(isAppUrl('atelier-app://application/')).toBe(false);
    expect(isAppUrl('atelier-app://app.evil/')).toBe(false);
    expect(isAppUrl('https://app/')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
  });

  it('lets only https links out to the system browser', () => {
    expect(isExternalLink('https://github.com/kohya-ss/sd-scripts')).toBe(true);
    for (const u of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'atelier-app://app/', 'https:///x']) expect(isExternalLink(u), u).toBe(false);
  });
});
