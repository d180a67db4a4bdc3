import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temporary folder, removed after the current test. */
export function tmpDir(prefix = 'atelier-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The shared folder beside the repository (fixtures, models, reference scripts). */
export const SHARED = resolve(__dirname, '../../../shared');
export const FIXTURES = join(SHARED, 'fixtures', 'images');
export const REPO = resolve(__dirname, '../..');
