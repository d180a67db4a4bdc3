import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { REPO, tmpDir } from './tmp';

const run = promisify(execFile);

it('tmpDir removes folders made in a test when it finishes, and those made at module level or in beforeAll when the file ends', async () => {
  const log = join(tmpDir(), 'dirs.log');
  // Vitest's own variables would make the child think it is one of this run's workers.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST'));
  await run(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(REPO, 'test/helpers/tmp-lifetime.config.ts')], {
    cwd: REPO,
    env: { ...env, TMP_LIFETIME_LOG: log },
    timeout: 120_000,
  });
  const made = readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' ') as [string, string]);
  expect(made.map(([where]) => where).sort()).toEqual(['beforeAll', 'module', 'test']);
  for (const [where, dir] of made) expect(existsSync(dir), where).toBe(false);
});
