import { describe, expect, it } from 'vitest';
import { createAtelier } from '../../src/core/app';
import type { ItemTag } from '../../src/shared/contract';
import { atelier } from '../cli/run-cli';
import { tmpDir } from '../helpers/tmp';
import { DYNAMIC, fixtureDataset } from './fixture-dataset';

describe('atelier tag', () => {
  it('tags a dataset from the command line, says which provider ran and warns on fallback; items --json shows scores and sources', async () => {
    const data = tmpDir();
    const app = createAtelier({ dataDir: data, host: 'memory', startJobs: false });
    fixtureDataset(app, 'Sprites', ['anime/renpy_lucy_mad.png', 'anime/renpy_eileen_happy.png', 'faces/mpl_grace_hopper.jpg']);
    await app.close();

    const run = await atelier(data, ['tag', '--dataset', 'sprites', '--model', DYNAMIC, '--provider', 'cuda', '--general', '0.5', '--batch', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^warning: Tagging on CPU \(fallback\)\. CUDA: /m);
    expect(run.stdout).toMatch(/on CPU \(asked for cuda\), batch 2: scored 3, skipped 0/);
    expect(run.stderr).toMatch(/^warning: cuda was not used, tagging ran on CPU: CUDA: /m);
    expect(run.stdout).toMatch(/general > 0\.5/);

    const items = await atelier(data, ['items', '--dataset', 'Sprites', '--json']);
    expect(items.code).toBe(0);
    const list = JSON.parse(items.stdout) as { relPath: string; tags: ItemTag[] }[];
    expect(list).toHaveLength(3);
    for (const item of list) {
      expect(item.tags.length, item.relPath).toBeGreaterThan(0);
      for (const t of item.tags) {
        expect(t.source).toBe('local-wd-test-dynamic');
        expect(t.score).toBeGreaterThan(0.5);
      }
    }

    const again = await atelier(data, ['tag', '--dataset', 'Sprites', '--model', DYNAMIC, '--provider', 'cpu', '--json']);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/warning/);
    const out = JSON.parse(again.stdout) as { result: { scored: number; skipped: number; provider: string } };
    expect(out.result).toMatchObject({ scored: 0, skipped: 3, provider: 'cpu' });

    const bad = await atelier(data, ['tag', '--dataset', 'Sprites', '--model', 'no-such-model']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/There is no model "no-such-model"/);
  });
});
