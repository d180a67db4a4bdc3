import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

function remove(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // A process a test killed may still hold a file there: leaving a folder behind must not fail the test.
  }
}

/** Folders made outside a test (module level, describe bodies, beforeAll): removed when this file's tests end.
 * Registered when the helper loads, i.e. on the test file's root suite, and first, so it runs after the file's
 * own afterAll hooks (hooks run in stack order). */
const fileScoped: string[] = [];
afterAll(() => fileScoped.splice(0).forEach(remove));

/** A fresh temporary folder: made inside a test (or its beforeEach), it is removed when that test has finished
 * (after its afterEach hooks); made elsewhere, when the test file has finished. */
export function tmpDir(prefix = 'atelier-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    onTestFinished(() => remove(dir));
  } catch {
    fileScoped.push(dir); // not inside a test
  }
  return dir;
}

/** The shared folder beside the repository (fixtures, models, reference scripts). */
export const SHARED = resolve(__dirname, '../../../shared');
export const FIXTURES = join(SHARED, 'fixtures', 'images');
export const REPO = resolve(__dirname, '../..');
