import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAtelier } from '../../src/core/app';
import { keepScores, parseSelectedTags, taggerService } from '../../src/core/tagger';
import { datasetTagCounts } from '../../src/core/tagger/tag-info';
import { tmpDir } from '../helpers/tmp';
import { SCORED_MODEL, scoredDataset } from './fixture-dataset';

const MODEL = SCORED_MODEL;


describe('tag tools', () => {
  it('read the kept counts: the tag table matches grouping the rows after re-slices and edits, without reading tag rows', async () => {
    const { app, datasetId, ids } = scoredDataset();
    const client = app.connect();
    await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: { general: 0.3, character: 0.5 } });
    const item = [...ids.values()][0]!;
    const some = (await client.call('tagger.itemTags', { itemId: item })).tags.map((t) => t.tag);
    await client.call('edits.apply', { datasetId, itemIds: [...ids.values()], op: { kind: 'addTags', tags: [some[0]!, 'hand made'] } });
    await client.call('edits.apply', { datasetId, itemIds: [item], op: { kind: 'removeTags', tags: [some[1]!] } });
    await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: { general: 0.45, character: 0.5 } });

    const table = await client.call('tagger.tagTable', { datasetId, sort: 'tag', desc: false, limit: 5000 });
    const grouped = app.db
      .prepare(`SELECT t.tag, COUNT(*) AS count, AVG(t.score) AS meanScore, SUM(t.source != 'manual') AS modelCount
        FROM tags t JOIN items i ON i.id = t.item_id WHERE i.dataset_id = ? GROUP BY t.tag`)
      .all(datasetId) as { tag: string; count: number; meanScore: number | null; modelCount: number }[];
    expect(table.total).toBe(grouped.length);
    for (const g of grouped) {
      const row = table.rows.find((r) => r.tag === g.tag)!;
      expect({ count: row.count, modelCount: row.modelCount }).toEqual({ count: g.count, modelCount: g.modelCount });
      if (g.meanScore === null) expect(row.meanScore).toBeNull();
      else expect(row.meanScore).toBeCloseTo(g.meanScore, 6);
    }
    expect(table.rows.find((r) => r.tag === 'hand made')).toMatchObject({ count: ids.size, meanScore: null, modelCount: 0, category: null });
    const plan = app.db
      .prepare(`EXPLAIN QUERY PLAN SELECT tag, n FROM tag_counts WHERE dataset_id = ? AND n > 0`)
      .all(datasetId) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/\btags\b/);
    expect(datasetTagCounts(app.db, datasetId, 'HAND').map((r) => r.tag)).toEqual(['hand made']);
    await app.close();
  });

  it("lists an item's scores in the dataset's spelling, telling tagged, removed and merely scored tags apart by tag key", async () => {
    const { app, datasetId, ids } = scoredDataset();
    const client = app.connect();
    const selection = { general: 0.3, character: 0.5, underscores: 'keep' as const, escapeParens: true };
    await client.call('tagger.apply', { datasetId, modelId: MODEL, selection });
    const item = [...ids.values()].find((id) => app.db.prepare('SELECT COUNT(*) FROM tags WHERE item_id = ?').pluck().get(id) as number >= 3)!;
    const before = await client.call('tagger.itemTags', { itemId: item });
    const victim = before.tags[1]!.tag;
    await client.call('edits.apply', { datasetId, itemIds: [item], op: { kind: 'removeTags', tags: [victim] } });
    const info = await client.call('tagger.itemTags', { itemId: item });
    const byTag = new Map(info.scores.map((s) => [s.tag, s.status]));
    for (const t of info.tags) expect(byTag.get(t.tag)).toBe('tagged');
    expect(byTag.get(victim)).toBe('suppressed');
    // The texts are the dataset's: underscores kept; the others scored below the thresholds.
    expect(info.scores.some((s) => s.tag.includes('_'))).toBe(true);
    const untagged = info.scores.filter((s) => s.status === 'untagged');
    expect(untagged.length).toBeGreaterThan(0);
    expect(untagged.every((s) => s.category === 'rating' || s.score <= (s.category === 'character' ? 0.5 : 0.3))).toBe(true);
    await app.close();
  });
});
