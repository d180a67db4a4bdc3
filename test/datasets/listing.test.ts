import { afterEach, describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { ItemRepo } from '../../src/core/datasets';
import { itemFilterSchema } from '../../src/shared/contract';
import { tmpDir } from '../helpers/tmp';
import { checkKept, checkListing, FILTERS, fill } from './listing-oracle';

const apps: Atelier[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

describe('items.list on real SQLite', () => {
  it('matches a naive listing for every filter, sort, direction and offset, and keeps other datasets out', () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    apps.push(app);
    const a = app.datasets.create('A', 'image');
    const b = app.datasets.create('B', 'image');
    fill(app, a.id, 400, 1);
    fill(app, b.id, 150, 2);
    checkKept(app);
    checkListing(app, a.id);
    const page = app.items.list(a.id, itemFilterSchema.parse({ tag: 'rare' }), 'name', false, 0, 10);
    const detail = app.items.get(page.items[0]!.id);
    expect(page.items[0]).toMatchObject({ caption: detail.caption, tagCount: detail.tags.length });
  });

  it('keeps its counts, flags and search rows right through edits, status changes and deletions', () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    apps.push(app);
    const a = app.datasets.create('A', 'image');
    const b = app.datasets.create('B', 'image');
    fill(app, a.id, 200, 3);
    fill(app, b.id, 60, 4);
    const db = app.db;
    const ids = db.prepare('SELECT id FROM items WHERE dataset_id = ? ORDER BY id').pluck().all(a.id) as number[];
    app.items.setCaption(ids[0]!, 'a brand new caption');
    app.items.setCaption(ids[1]!, '   ');
    db.prepare('DELETE FROM captions WHERE item_id = ?').run(ids[2]);
    db.prepare('UPDATE captions SET text = ? WHERE item_id = ?').run('now with words', ids[3]);
    db.prepare("INSERT OR IGNORE INTO tags (item_id, tag) VALUES (?, 'fresh'), (?, 'fresh')").run(ids[4], ids[5]);
    db.prepare("DELETE FROM tags WHERE item_id = ? AND tag = 'common'").run(ids[0]);
    db.prepare("UPDATE tags SET tag = 'renamed' WHERE tag = 'blue_hair' AND item_id IN (SELECT id FROM items WHERE dataset_id = ?)").run(a.id);
    db.prepare('DELETE FROM tags WHERE item_id = ?').run(ids[6]);
    db.prepare("UPDATE items SET status = 'missing' WHERE id IN (?, ?)").run(ids[7], ids[8]);
    db.prepare("UPDATE items SET status = 'ready' WHERE id = ? AND status = 'missing'").run(ids[7]);
    db.prepare('UPDATE items SET rel_path = ? WHERE id = ?').run('renamed/UNIQUE_name.png', ids[9]);
    db.prepare('DELETE FROM items WHERE id IN (?, ?, ?)').run(ids[10], ids[11], ids[3]);
    checkKept(app);
    checkListing(app, a.id, [{}, { status: 'uncaptioned' }, { status: 'untagged' }, { tag: 'fresh' }, { tag: 'renamed' }, { tag: 'common' }, { text: 'unique_name' }, { text: 'brand new' }, { text: 'renam' }]);
    app.datasets.delete(b.id);
    checkKept(app);
    expect(db.prepare('SELECT COUNT(*) FROM tagged_items WHERE dataset_id = ?').pluck().get(b.id)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM tag_counts WHERE dataset_id = ?').pluck().get(b.id)).toBe(0);
  });

  it('walks the sorted ids against a bitmap when a text has many candidates', () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    apps.push(app);
    const a = app.datasets.create('A', 'image');
    fill(app, a.id, 300, 5);
    const repo = new ItemRepo(app.db, { fewTextCandidates: 20 });
    checkListing(app, a.id, FILTERS.filter((f) => f.text), repo);
  });
});
