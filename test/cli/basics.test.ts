import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFlag, defaultDataDir, resolveDataDir } from '../../src/core/app';
import { tmpDir } from '../helpers/tmp';
import { runInProcess } from './in-process';
import { atelier } from './run-cli';

describe('atelier CLI (built, as a process)', () => {
  it('prints help listing every command and exits 0', async () => {
    const r = await atelier(tmpDir(), ['--help']);
    expect(r.code).toBe(0);
    for (const c of ['import', 'datasets', 'items', 'export', 'serve']) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\s`, 'm'));
    const sub = await atelier(tmpDir(), ['export', '--help']);
    expect(sub.stdout).toContain('export --dataset NAME --format kohya --out DIR');
  });

  it('uses --data, else ATELIER_DATA, for the data folder', async () => {
    const viaFlag = tmpDir();
    expect((await atelier(viaFlag, ['datasets'])).code).toBe(0);
    expect(existsSync(join(viaFlag, 'atelier.db'))).toBe(true);
    const viaEnv = tmpDir();
    const r = await new Promise<number>((resolve) => {
      import('node:child_process').then(({ execFile }) =>
        execFile(process.execPath, [join(__dirname, '../../bin/atelier.js'), 'datasets'], { env: { ...process.env, ATELIER_DATA: viaEnv } }, (err) =>
          resolve(err ? 1 : 0),
        ),
      );
    });
    expect(r).toBe(0);
    expect(existsSync(join(viaEnv, 'atelier.db'))).toBe(true);
  });

  it('resolves the data folder the same way for every host: --data, else ATELIER_DATA, else the app-data folder', () => {
    expect(dataFlag(['electron', '.', '--data', 'here'])).toBe('here');
    expect(dataFlag(['app', '--data=/x y/z', '--no-sandbox'])).toBe('/x y/z');
    expect(dataFlag(['app', '--data=a', '--data', 'b'])).toBe('b');
    expect(dataFlag(['app', '--data'])).toBeUndefined();
    expect(dataFlag(['app', '--database', 'x'])).toBeUndefined();
    const appData = () => '/app-data/Atelier';
    expect(resolveDataDir('rel/dir', { ATELIER_DATA: '/env' }, appData)).toBe(resolve('rel/dir'));
    expect(resolveDataDir(undefined, { ATELIER_DATA: '/env' }, appData)).toBe(resolve('/env'));
    expect(resolveDataDir(undefined, { ATELIER_DATA: '' }, appData)).toBe('/app-data/Atelier');
    expect(resolveDataDir(undefined, {}, appData)).toBe('/app-data/Atelier');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe(process.platform === 'linux' ? '/cfg/Atelier' : defaultDataDir());
  });

  it('lists no datasets on a fresh data dir, as text and JSON', async () => {
    const data = tmpDir();
    const text = await atelier(data, ['datasets']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No datasets yet');
    const json = await atelier(data, ['datasets', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it('exits 2 for a usage mistake and 1 for a failure, with the message on stderr', async () => {
    const data = tmpDir();
    const usage = await atelier(data, ['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Unknown command "frobnicate"');
    const missing = await atelier(data, ['items', '--dataset', 'Nope', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no dataset named "Nope"');
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('Nope') } });
  });

  it('explains every kind of bad use', async () => {
    const data = tmpDir();
    const atelier = runInProcess;
    const unknown = await atelier(data, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');

    const badOpt = await atelier(data, ['items', '--dataset', 'x', '--bogus']);
    expect(badOpt.code).toBe(2);
    expect(badOpt.stderr).toContain('Usage: atelier');

    const missing = await atelier(data, ['items', '--dataset', 'Nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no dataset named "Nope"');

    const missingJson = await atelier(data, ['items', '--dataset', 'Nope', '--json']);
    expect(missingJson.code).toBe(1);
    expect(JSON.parse(missingJson.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining('Nope') } });

    const noDataset = await atelier(data, ['import', '.']);
    expect(noDataset.code).toBe(2);
    expect(noDataset.stderr).toContain('--dataset is required');

    const noPath = await atelier(data, ['import', join(data, 'does-not-exist'), '--dataset', 'D']);
    expect(noPath.code).toBe(1);
    expect(noPath.stderr).toContain('no such file or folder');
    expect(JSON.parse((await atelier(data, ['datasets', '--json'])).stdout)).toEqual([]);

    const badFormat = await atelier(data, ['export', '--dataset', 'D', '--format', 'zip', '--out', data]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be one of kohya');

    const badRepeats = await atelier(data, ['export', '--dataset', 'D', '--format', 'kohya', '--out', data, '--repeats', '0']);
    expect(badRepeats.code).toBe(2);
  });
});
