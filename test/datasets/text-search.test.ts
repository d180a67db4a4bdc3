import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAtelier, DB_FILE, type Atelier } from '../../src/core/app';
import { ItemRepo, pruneTextChanges, TextIndexes, type TextIndexesOptions } from '../../src/core/datasets';
import { itemFilterSchema } from '../../src/shared/contract';
import { tmpDir } from '../helpers/tmp';
import { SCORED_MODEL, scoredDataset } from '../tagger/fixture-dataset';
import { checkListing, FILTERS, fill } from './listing-oracle';

const open: { app: Atelier; texts: TextIndexes }[] = [];
afterEach(async () => {
  for (const { app, texts } of open.splice(0)) {
    await texts.close();
    await app.close();
  }
});

/** A repository answering text filters from a text index (built in the real worker), next to the app's SQL one. */
function indexed(app: Atelier, opts: TextIndexesOptions = {}, fewTextCandidates?: number): { repo: ItemRepo; texts: TextIndexes } {
  const texts = new TextIndexes(app.db, join(app.dataDir, DB_FILE), opts);
  open.push({ app, texts });
  return { repo: new ItemRepo(app.db, { fewTextCandidates }, texts), texts };
}

/** Datasets A and B filled with nA and nB items (seeds seed and seed + 1). */
function twoDatasets(nA: number, nB: number, seed: number): { app: Atelier; a: { id: number }; b: { id: number } } {
  const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
  const a = app.datasets.create('A', 'image');
  const b = app.datasets.create('B', 'image');
  fill(app, a.id, nA, seed);
  fill(app, b.id, nB, seed + 1);
  return { app, a, b };
}

const TEXT_FILTERS = FILTERS.filter((f) => f.text);
const text = (t: string) => itemFilterSchema.parse({ text: t });

/** Edits of every kind the text log records, through the store's own statements. */
function edit(app: Atelier, datasetId: number, otherId: number): void {
  const db = app.db;
  const ids = db.prepare('SELECT id FROM items WHERE dataset_id = ? ORDER BY id').pluck().all(datasetId) as number[];
  app.items.setCaption(ids[0]!, 'a RIBBON of fresh words');
  db.prepare('DELETE FROM captions WHERE item_id = ?').run(ids[1]);
  db.prepare("INSERT OR IGNORE INTO tags (item_id, tag) VALUES (?, 'Brand_New'), (?, 'brand_new')").run(ids[2], ids[3]);
  db.prepare('DELETE FROM tags WHERE item_id = ?').run(ids[4]);
  db.prepare("UPDATE tags SET tag = 'renamed hair' WHERE tag = 'blue_hair' AND item_id = ?").run(ids[5]);
  db.prepare("UPDATE items SET status = 'missing' WHERE id = ?").run(ids[6]);
  db.prepare("UPDATE items SET status = 'error' WHERE id = ?").run(ids[7]);
  db.prepare('UPDATE items SET rel_path = ? WHERE id = ?').run('moved/Fresh_NAME.png', ids[8]);
  db.prepare('UPDATE items SET dataset_id = ? WHERE id = ?').run(otherId, ids[9]);
  db.prepare('DELETE FROM items WHERE id = ?').run(ids[10]);
  fill(app, datasetId, 5, 99, 'fresh-');
}

const AFTER_EDITS = [...TEXT_FILTERS, { text: 'fresh' }, { text: 'brand_new' }, { text: 'renamed' }, { text: 'ribbon', status: 'uncaptioned' as const }];

describe('text search through the in-memory text index', () => {
  it('lists what SQL lists for every text filter, sort and offset, on both ways of ordering the hits', async () => {
    const { app, a, b } = twoDatasets(400, 150, 1);
    const { repo, texts } = indexed(app, {}, 20);
    // Listing the dataset gets its index built, ready for a search.
    repo.list(a.id, itemFilterSchema.parse({}), 'name', false, 0, 10);
    for (let waited = 0; !texts.isBuilt(a.id) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(texts.isBuilt(a.id)).toBe(true);
    expect(texts.isBuilt(b.id)).toBe(false);
    checkListing(app, a.id, TEXT_FILTERS, repo);
    const plain = indexed(app).repo;
    await plain.warmTextIndex(a.id);
    checkListing(app, a.id, TEXT_FILTERS, plain);
  });

  it('catches up with edits, moves, deletions and new items before each query', async () => {
    const { app, a, b } = twoDatasets(200, 50, 3);
    const { repo, texts } = indexed(app);
    await repo.warmTextIndex(a.id);
    await repo.warmTextIndex(b.id);
    edit(app, a.id, b.id);
    checkListing(app, a.id, AFTER_EDITS, repo);
    checkListing(app, b.id, AFTER_EDITS, repo);
    expect(texts.current(a.id)!.changedCount).toBeGreaterThan(10);
    // A deleted dataset's id taken again by a new one: its index forgets the old items.
    app.datasets.delete(b.id);
    const c = app.datasets.create('C', 'image');
    fill(app, c.id, 30, 7);
    expect(c.id).toBe(b.id);
    checkListing(app, c.id, AFTER_EDITS, repo);
    // Edited again: the latest state wins.
    app.items.setCaption(app.db.prepare("SELECT id FROM items WHERE rel_path = 'moved/Fresh_NAME.png'").pluck().get() as number, 'now a ribbon');
    checkListing(app, a.id, [{ text: 'ribbon' }, { text: 'fresh_name' }], repo);
  });

  it('holds the most recently listed datasets only', async () => {
    const { app, a, b } = twoDatasets(40, 40, 17);
    const { repo, texts } = indexed(app, { maxDatasets: 1 });
    await repo.warmTextIndex(a.id);
    expect(texts.isBuilt(a.id)).toBe(true);
    await repo.warmTextIndex(b.id);
    expect(texts.isBuilt(b.id)).toBe(true);
    expect(texts.isBuilt(a.id)).toBe(false);
    checkListing(app, a.id, [{ text: 'shoot' }], repo);
  });

  it('passes over changes to other datasets: an import elsewhere costs the index nothing', async () => {
    const { app, a, b } = twoDatasets(100, 20, 11);
    const { repo, texts } = indexed(app, { catchUpMax: 10 });
    await repo.warmTextIndex(a.id);
    const index = texts.current(a.id);
    const cursor = index!.cursor;
    fill(app, b.id, 50, 13);
    expect(texts.current(a.id)).toBe(index);
    expect(index!.changedCount).toBe(0);
    expect(index!.cursor).toBeGreaterThan(cursor);
    // An item moved away is the index's business, wherever it went.
    const moved = app.db.prepare("SELECT id FROM items WHERE dataset_id = ? AND status != 'missing' ORDER BY id LIMIT 1").pluck().get(a.id) as number;
    app.db.prepare('UPDATE items SET dataset_id = ? WHERE id = ?').run(b.id, moved);
    checkListing(app, a.id, TEXT_FILTERS, repo);
    expect(texts.current(a.id)).toBe(index);
    expect(index!.changedCount).toBe(1);
  });

  it('falls back to SQL after a flood of changes, rebuilds, and rebuilds past a pruned log', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    const a = app.datasets.create('A', 'image');
    fill(app, a.id, 150, 5);
    const { repo, texts } = indexed(app, { catchUpMax: 10, rebuildAfter: 4 });
    await repo.warmTextIndex(a.id);
    const first = texts.current(a.id);
    // A few changes: caught up in place; past rebuildAfter, a rebuild starts and the old index still answers.
    const ids = app.db.prepare("SELECT id FROM items WHERE dataset_id = ? AND status != 'missing' ORDER BY id").pluck().all(a.id) as number[];
    for (const id of ids.slice(0, 6)) app.items.setCaption(id, 'flooded');
    expect(texts.current(a.id)).toBe(first);
    checkListing(app, a.id, [{ text: 'flooded' }], repo);
    await repo.warmTextIndex(a.id);
    expect(texts.current(a.id)).not.toBe(first);
    // More than catchUpMax items changed: the index steps aside (SQL answers) until rebuilt.
    app.db.transaction(() => ids.forEach((id) => app.items.setCaption(id, 'flood two')))();
    expect(texts.current(a.id)).toBeNull();
    checkListing(app, a.id, [{ text: 'flood two' }], repo);
    await repo.warmTextIndex(a.id);
    checkListing(app, a.id, [{ text: 'flood two' }, { text: 'shoot' }], repo);
    // The log pruned past the index's cursor: it cannot catch up, so it is rebuilt.
    app.items.setCaption(ids[0]!, 'after prune');
    app.items.setCaption(ids[1]!, 'after prune');
    const head = () => app.db.prepare('SELECT MAX(seq) FROM text_changes').pluck().get() as number;
    const before = head();
    pruneTextChanges(app.db, 1);
    expect(app.db.prepare('SELECT COUNT(*) FROM text_changes').pluck().get()).toBe(1);
    // The newest row stays, so the log's seq goes on from it, never back.
    expect(head()).toBe(before);
    expect(texts.current(a.id)).toBeNull();
    await repo.warmTextIndex(a.id);
    checkListing(app, a.id, [{ text: 'after prune' }], repo);
    app.items.setCaption(ids[2]!, 'after prune');
    expect(head()).toBe(before + 1);
    checkListing(app, a.id, [{ text: 'after prune' }], repo);
  });

  it('sees the tags a tagger re-slice writes in bulk (they bypass the row triggers)', async () => {
    const { app, datasetId } = scoredDataset();
    const { repo } = indexed(app);
    await repo.warmTextIndex(datasetId);
    const client = app.connect();
    const count = (r: ItemRepo, t: string) => r.list(datasetId, text(t), 'name', false, 0, 50).total;
    await client.call('tagger.apply', { datasetId, modelId: SCORED_MODEL, selection: { general: 0.3, character: 0.6 } });
    const tagged = app.db.prepare('SELECT tag FROM tags GROUP BY tag ORDER BY COUNT(*) DESC LIMIT 3').pluck().all() as string[];
    expect(tagged.length).toBe(3);
    for (const t of tagged) {
      expect(count(repo, t), t).toBeGreaterThan(0);
      expect(count(repo, t), t).toBe(count(app.items, t));
    }
    await client.call('tagger.apply', { datasetId, modelId: SCORED_MODEL, selection: { general: 0.99, character: 0.99 } });
    for (const t of tagged) expect(count(repo, t), t).toBe(count(app.items, t));
  });
});
