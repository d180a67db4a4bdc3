import { appendFileSync, existsSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { tmpDir } from './tmp';

// Run by tmp.test.ts in a vitest process of its own (tmp-lifetime.config.ts): makes a folder at each place a test
// file can, logs where, and checks which ones still exist while the file runs.
const log = (where: string, dir: string) => appendFileSync(process.env.TMP_LIFETIME_LOG!, `${where} ${dir}\n`);

const moduleDir = tmpDir();
log('module', moduleDir);
let hookDir = '';
beforeAll(() => {
  hookDir = tmpDir();
  log('beforeAll', hookDir);
});
let testDir = '';

it('makes a folder inside a test', () => {
  testDir = tmpDir();
  log('test', testDir);
  expect(existsSync(testDir)).toBe(true);
});

it('finds that folder gone once its test finished, while the file-level ones stay for the file', () => {
  expect(existsSync(testDir)).toBe(false);
  expect(existsSync(moduleDir)).toBe(true);
  expect(existsSync(hookDir)).toBe(true);
});
