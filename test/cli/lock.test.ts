import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireInstanceLock, LOCK_FILE } from '../../src/host';
import { AppError } from '../../src/shared/errors';
import { FIXTURES, tmpDir } from '../helpers/tmp';
import { atelier, exitOf, spawnAtelier, waitForOutput } from './run-cli';

describe('one job-running process per data folder', () => {
  it('refuses a job-running command while a host holds the folder, allows reads, and frees it on exit', async () => {
    const data = tmpDir();
    const child = spawnAtelier(data, ['serve']);
    try {
      await waitForOutput(child, /token=/);
      expect(existsSync(join(data, LOCK_FILE))).toBe(true);
      const imp = await atelier(data, ['import', join(FIXTURES, 'negatives'), '--dataset', 'N']);
      expect(imp.code).toBe(1);
      expect(imp.stderr).toMatch(/`atelier serve` \(process \d+\) is already working on the data folder/);
      expect((await atelier(data, ['datasets', '--json'])).code).toBe(0);
      child.kill('SIGTERM');
      expect(await exitOf(child)).toBe(0);
      expect(existsSync(join(data, LOCK_FILE))).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
    expect((await atelier(data, ['import', join(FIXTURES, 'negatives'), '--dataset', 'N'])).code).toBe(0);
  });

  it('takes over a lock left by a crashed process', () => {
    const data = tmpDir();
    // A pid far above any live one stands for a process that died without releasing.
    writeFileSync(join(data, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, holder: 'ghost' }));
    const lock = acquireInstanceLock(data, 'test');
    expect(existsSync(join(data, LOCK_FILE))).toBe(true);
    lock.release();
    expect(existsSync(join(data, LOCK_FILE))).toBe(false);
  });

  it('names the live holder when refusing', () => {
    const data = tmpDir();
    writeFileSync(join(data, LOCK_FILE), JSON.stringify({ pid: process.ppid, holder: 'The Atelier app' }));
    const err = (() => {
      try {
        acquireInstanceLock(data, 'test');
      } catch (e) {
        return e;
      }
    })() as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain(`The Atelier app (process ${process.ppid})`);
  });
});
