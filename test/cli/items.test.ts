import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAllItems } from '../../src/cli/commands/items';
import { createAtelier, type Atelier } from '../../src/core/app';
import type { Client } from '../../src/shared/rpc';
import { tmpDir } from '../helpers/tmp';
import { atelier } from './run-cli';

/** A dataset of `n` items (names p0000.jpg…) straight into the store: every third one tagged, the last one missing. */
function seed(app: Atelier, n: number): number {
  const ds = app.datasets.create('Listed', 'image');
  const item = app.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status, sha256, byte_size, width, height) VALUES (?, ?, ?, 'ready', ?, 10, 4, 3) RETURNING id`);
  const tag = app.db.prepare('INSERT INTO tags (item_id, tag, source, score, position) VALUES (?, ?, ?, ?, ?)');
  app.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const name = `p${String(i).padStart(4, '0')}.jpg`;
      const id = item.pluck().get(ds.id, name, join('/pictures', name), `sha${i}`) as number;
      if (i % 3 === 0) {
        tag.run(id, 'portrait', 'manual', null, 0);
        tag.run(id, '1girl', 'wd-eva02-large-tagger-v3', 0.875, 1);
      }
    }
    app.db.prepare(`UPDATE items SET status = 'missing' WHERE dataset_id = ? AND rel_path = ?`).run(ds.id, `p${String(n - 1).padStart(4, '0')}.jpg`);
  })();
  return ds.id;
}

/** A client that counts its calls. */
function counting(client: Client): { client: Client; calls: string[] } {
  const calls: string[] = [];
  return { calls, client: { ...client, call: (method, input, opts) => (calls.push(method), client.call(method, input, opts)) } };
}

describe('atelier items', () => {
  it('lists every item, missing files too, with tags (score and source) fetched a page at a time, not per item', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    const raw = app.connect();
    try {
      const datasetId = seed(app, 7000);
      const { client, calls } = counting(raw);
      const items = await listAllItems(client, datasetId);
      expect(calls).toEqual(['items.all', 'items.all']); // two pages of 5000
      expect(items).toHaveLength(7000);
      expect(items.map((i) => i.relPath)).toEqual([...items.map((i) => i.relPath)].sort());
      expect(items.at(-1)).toMatchObject({ relPath: 'p6999.jpg', status: 'missing', path: '/pictures/p6999.jpg' });
      expect(items[0]!.tags).toEqual([
        { tag: 'portrait', source: 'manual', score: null, position: 0 },
        { tag: '1girl', source: 'wd-eva02-large-tagger-v3', score: 0.875, position: 1 },
      ]);
      expect(items[1]!.tags).toEqual([]);
      expect(items.filter((i) => i.tags.length > 0)).toHaveLength(2334);
    } finally {
      raw.close();
      await app.close();
    }
  });

  it('prints missing items as JSON and text (built CLI)', async () => {
    const data = tmpDir();
    const app = createAtelier({ dataDir: data, host: 'memory', startJobs: false });
    seed(app, 3);
    await app.close();
    const json = await atelier(data, ['items', '--dataset', 'Listed', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const items = JSON.parse(json.stdout) as { relPath: string; status: string; tags: { tag: string; score: number | null; source: string }[] }[];
    expect(items.map((i) => [i.relPath, i.status])).toEqual([['p0000.jpg', 'ready'], ['p0001.jpg', 'ready'], ['p0002.jpg', 'missing']]);
    expect(items[0]!.tags.map((t) => [t.tag, t.source, t.score])).toEqual([['portrait', 'manual', null], ['1girl', 'wd-eva02-large-tagger-v3', 0.875]]);
    const text = await atelier(data, ['items', '--dataset', 'Listed']);
    expect(text.stdout).toMatch(/^missing\s.*p0002\.jpg/m);
    expect(text.stdout).toContain('3 items.');
  });
});
