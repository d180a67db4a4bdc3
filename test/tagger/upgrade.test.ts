import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAtelier, DB_FILE } from '../../src/core/app';
import { editsMigrations } from '../../src/core/edits';
import { ingestMigrations } from '../../src/core/ingest';
import { modelMigrations } from '../../src/core/models';
import { coreMigrations, openDb } from '../../src/core/store';
import { encodeScores, keepScores, taggerMigrations, type Vocab } from '../../src/core/tagger';
import { trainingMigrations } from '../../src/core/training';
import { tagSelectionSchema } from '../../src/shared/contract';
import { tmpDir } from '../helpers/tmp';

const NEW = new Set(['core-003-tag-bulk-writes', 'tagger-002-derived-writes', 'core-004-text-changes']);

describe('a store tagged before tag counts kept sums and re-slices were derived', () => {
  it('upgrades: counts gain their sums, every scored item is read back once, and re-slicing then writes the right rows', async () => {
    const dir = tmpDir();
    const all = [...coreMigrations, ...ingestMigrations, ...editsMigrations, ...taggerMigrations, ...modelMigrations, ...trainingMigrations];
    const old = openDb(join(dir, DB_FILE), all.filter((m) => !NEW.has(m.id)));
    const ds = Number(old.prepare(`INSERT INTO datasets (name, kind) VALUES ('Old', 'image')`).run().lastInsertRowid);
    const item = Number(old.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status) VALUES (?, 'a.png', '/x/a.png', 'ready')`).run(ds).lastInsertRowid);
    const v: Vocab = { names: ['general', 'long_hair', 'hat', 'smile'], codes: Uint8Array.from([9, 0, 0, 0]), postCounts: Int32Array.from([4, 3, 2, 1]) };
    old.prepare(`INSERT INTO tagger_models (id, vocab_sha, tag_count) VALUES ('m', 'sha', 4)`).run();
    v.names.forEach((n, i) => old.prepare('INSERT INTO tagger_vocab VALUES (?, ?, ?, ?, ?)').run('m', i, n, v.codes[i], v.postCounts[i]));
    old.prepare('INSERT INTO tagger_scores VALUES (?, ?, ?)').run(item, 'm', encodeScores(keepScores([0.9, 0.8, 0.6, 0.1], v)));
    // What the old re-slice wrote at general 0.5, plus a manual tag; its per-item record goes with the upgrade.
    old.prepare(`INSERT INTO tags (item_id, tag, source, score, position) VALUES (?, 'long hair', 'm', 0.8, 1), (?, 'hat', 'm', 0.6, 2), (?, 'mine', 'manual', NULL, 3)`).run(item, item, item);
    old.prepare(`INSERT INTO tagger_selections VALUES (?, 'm', ?, 1, '2020-01-01')`).run(ds, JSON.stringify(tagSelectionSchema.parse({ general: 0.5 })));
    old.prepare(`INSERT INTO tagger_applied VALUES (?, 'm', 1, 1, x'00')`).run(item);
    old.close();

    const app = createAtelier({ dataDir: dir, host: 'memory', startJobs: false });
    const counts = app.db.prepare('SELECT tag, n, round(score_sum, 3) AS sum, scored, model_n FROM tag_counts ORDER BY tag').all();
    expect(counts).toEqual([
      { tag: 'hat', n: 1, sum: 0.6, scored: 1, model_n: 1 },
      { tag: 'long hair', n: 1, sum: 0.8, scored: 1, model_n: 1 },
      { tag: 'mine', n: 1, sum: 0, scored: 0, model_n: 0 },
    ]);
    expect(app.db.prepare('SELECT item_id, model_id FROM tagger_unwritten').raw().all()).toEqual([[item, 'm']]);
    const res = await app.connect().call('tagger.apply', { datasetId: ds, modelId: 'm', selection: { general: 0.7 } });
    expect(res.changedItems).toBe(1);
    expect(app.db.prepare('SELECT tag, source, position FROM tags ORDER BY tag').raw().all()).toEqual([
      ['long hair', 'm', 2_200_000],
      ['mine', 'manual', 3],
    ]);
    expect(app.db.prepare('SELECT COUNT(*) FROM tagger_unwritten').pluck().get()).toBe(0);
    expect(app.db.prepare('SELECT COUNT(*) FROM tag_suppressions').pluck().get()).toBe(0);
    await app.close();
  });
});
