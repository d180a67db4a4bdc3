import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { keepScores, parseSelectedTags, taggerService } from '../../src/core/tagger';
import { tmpDir } from '../helpers/tmp';
import { SCORED_MODEL, scoredDataset } from './fixture-dataset';

const MODEL = SCORED_MODEL;


const tagsOf = (app: Atelier, itemId: number) =>
  app.db.prepare('SELECT tag, source FROM tags WHERE item_id = ? ORDER BY position, tag').all(itemId) as { tag: string; source: string }[];
const names = (app: Atelier, itemId: number) => tagsOf(app, itemId).map((t) => t.tag);

describe('re-slicing stored scores', () => {
  it('moves with the thresholds without a job, and previews counts without writing', async () => {
    const { app, datasetId, ids } = scoredDataset();
    const client = app.connect();
    const item = ids.get('anime/renpy_lucy_mad.png')!;
    const jobsBefore = (await client.call('jobs.list', {})).length;

    const strict = { general: 0.8, character: 0.95 };
    const preview = await client.call('tagger.preview', { datasetId, modelId: MODEL, selection: strict });
    expect(names(app, item)).toEqual([]);
    const applied = await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: strict });
    expect(applied.stats).toEqual(preview);
    expect(applied.changedItems).toBe(preview.taggedItems);
    const few = names(app, item);

    const loose = await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: { general: 0.4, character: 0.6 } });
    const many = names(app, item);
    expect(many.length).toBeGreaterThan(few.length);
    expect(many).toEqual(expect.arrayContaining(few));
    expect(loose.stats.tags).toBeGreaterThan(applied.stats.tags);
    expect(tagsOf(app, item).every((t) => t.source === MODEL)).toBe(true);

    // The same selection again writes nothing.
    expect((await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: { general: 0.4, character: 0.6 } })).changedItems).toBe(0);
    expect((await client.call('jobs.list', {})).length).toBe(jobsBefore);
    expect((await client.call('tagger.getSelection', { datasetId, modelId: MODEL })).general).toBe(0.4);
    await app.close();
  });

  it('keeps a tag the user removed removed, lets them add it back, and never touches manual tags', async () => {
    const { app, datasetId, ids } = scoredDataset();
    const client = app.connect();
    const item = ids.get('anime/renpy_lucy_mad.png')!;
    const other = ids.get('anime/renpy_lucy_happy.png')!;
    await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: { general: 0.4, character: 0.6 } });
    const [victim, renamed] = names(app, item).filter((t) => names(app, other).includes(t));
    expect(victim && renamed).toBeTruthy();

    await client.call('edits.apply', { datasetId, itemIds: [item], op: { kind: 'removeTags', tags: [victim!] } });
    await client.call('edits.apply', { datasetId, itemIds: [item], op: { kind: 'replaceTag', from: renamed!, to: 'my own name' } });
    await client.call('edits.apply', { datasetId, itemIds: [item], op: { kind: 'addTags', tags: ['hand made'] } });
    expect((await client.call('tagger.itemTags', { itemId: item })).suppressed.sort()).toEqual([victim, renamed].sort());

    for (const general of [0.2, 0.3, 0.4]) {
      await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: { general, character: 0.6 } });
      const now = tagsOf(app, item);
      expect(now.map((t) => t.tag)).not.toContain(victim);
      expect(now.map((t) => t.tag)).not.toContain(renamed);
      expect(now).toContainEqual({ tag: 'my own name', source: 'manual' });
      expect(now).toContainEqual({ tag: 'hand made', source: 'manual' });
      expect(names(app, other)).toEqual(expect.arrayContaining([victim, renamed]));
    }

    // Adding it back by hand lifts the suppression; it is then the user's tag.
    await client.call('edits.apply', { datasetId, itemIds: [item], op: { kind: 'addTags', tags: [victim!] } });
    await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: { general: 0.99, character: 0.99 } });
    expect(tagsOf(app, item)).toContainEqual({ tag: victim, source: 'manual' });
    expect((await client.call('tagger.itemTags', { itemId: item })).suppressed).toEqual([renamed]);

    // Undo of the removal brings the model's tag back and lifts its suppression too.
    const before = (await client.call('tagger.itemTags', { itemId: other })).tags.length;
    await client.call('edits.apply', { datasetId, itemIds: [other], op: { kind: 'removeTags', tags: [victim!] } });
    await client.call('edits.undo', { datasetId });
    expect((await client.call('tagger.itemTags', { itemId: other })).tags.length).toBe(before);
    expect((await client.call('tagger.itemTags', { itemId: other })).suppressed).toEqual([]);
    await app.close();
  });

  it('lets items with model tags be deleted, and shows scores, categories and sources', async () => {
    const { app, datasetId, ids } = scoredDataset();
    const client = app.connect();
    await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: { general: 0.3, character: 0.5, rating: 'best' } });
    const item = ids.get('faces/mpl_grace_hopper.jpg')!;
    const info = await client.call('tagger.itemTags', { itemId: item });
    expect(info.tags.length).toBeGreaterThan(0);
    expect(info.tags[0]!.category).toBe('rating');
    expect(info.tags.every((t) => t.source === MODEL && t.score !== null && t.category !== null)).toBe(true);
    expect(info.scores.length).toBeGreaterThan(info.tags.length);

    const table = await client.call('tagger.tagTable', { datasetId, sort: 'count', desc: true });
    expect(table.rows[0]!.count).toBeGreaterThanOrEqual(table.rows[1]!.count);
    expect(table.rows.every((r) => r.meanScore !== null && r.modelCount === r.count && r.category !== null)).toBe(true);
    const searched = await client.call('tagger.tagTable', { datasetId, search: 'HAIR', sort: 'tag', desc: false });
    expect(searched.rows.length).toBeGreaterThan(0);
    expect(searched.rows.every((r) => r.tag.includes('hair'))).toBe(true);

    app.db.prepare('DELETE FROM items WHERE id = ?').run(item);
    expect(app.db.prepare('SELECT COUNT(*) FROM tag_suppressions').pluck().get()).toBe(0);
    app.datasets.delete(datasetId);
    expect(app.db.prepare('SELECT COUNT(*) FROM tags').pluck().get()).toBe(0);
    await app.close();
  });

  it('autocompletes substrings, dataset tags by count first, then the model vocabulary by post count', async () => {
    const { app, datasetId } = scoredDataset();
    const client = app.connect();
    await client.call('tagger.apply', { datasetId, modelId: MODEL, selection: { general: 0.5, character: 0.6 } });
    const got = await client.call('tagger.autocomplete', { datasetId, query: 'hai', limit: 50 });
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((s) => s.tag.includes('hai'))).toBe(true);
    const counted = got.filter((s) => s.count > 0);
    const vocabOnly = got.filter((s) => s.count === 0);
    expect(got.slice(0, counted.length)).toEqual(counted);
    for (let i = 1; i < counted.length; i++) expect(counted[i - 1]!.count).toBeGreaterThanOrEqual(counted[i]!.count);
    for (let i = 1; i < vocabOnly.length; i++) expect(vocabOnly[i - 1]!.postCount).toBeGreaterThanOrEqual(vocabOnly[i]!.postCount);
    const kaomoji = await client.call('tagger.autocomplete', { datasetId, query: '^_', limit: 5 });
    expect(kaomoji.map((s) => s.tag)).toContain('^_^');
    await app.close();
  });
});
