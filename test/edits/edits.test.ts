import { afterEach, describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { COALESCE_MS, EditLog } from '../../src/core/edits';
import { isAppError } from '../../src/shared/errors';
import type { EventPayload } from '../../src/shared/contract';
import { tmpDir } from '../helpers/tmp';

const open: Atelier[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.close()));
});

function start(dataDir: string): Atelier {
  const a = createAtelier({ dataDir, host: 'memory', startJobs: false });
  open.push(a);
  return a;
}

/** Items inserted straight into the store: the edits need rows, not pictures. */
function seed(a: Atelier, datasetId: number, n: number): number[] {
  const ins = a.db.prepare("INSERT INTO items (dataset_id, rel_path, abs_path, status) VALUES (?, ?, ?, 'ready')");
  return a.db.transaction(() =>
    Array.from({ length: n }, (_, i) => Number(ins.run(datasetId, `img${i}.png`, `/x/${datasetId}/img${i}.png`).lastInsertRowid)),
  )();
}

function tagsOf(a: Atelier, id: number) {
  return a.db.prepare('SELECT tag, source, score FROM tags WHERE item_id = ? ORDER BY position, tag').all(id) as { tag: string; source: string; score: number | null }[];
}
function captionOf(a: Atelier, id: number) {
  return a.db.prepare('SELECT text FROM captions WHERE item_id = ?').pluck().get(id) ?? null;
}

describe('edits over the contract', () => {
  it('bulk-adds tags as one undo step, undoes, redoes, and survives a restart', async () => {
    const dir = tmpDir();
    let a = start(dir);
    let c = a.connect();
    const ds = await c.call('datasets.create', { name: 'cats' });
    const ids = seed(a, ds.id, 3);
    a.db.prepare("INSERT INTO tags (item_id, tag, source, score, position) VALUES (?, 'cat', 'wd-v3', 0.9, 0)").run(ids[0]);
    const events: EventPayload<'dataset.changed'>[] = [];
    c.on('dataset.changed', (e) => events.push(e));

    const r = await c.call('edits.apply', { datasetId: ds.id, itemIds: ids, op: { kind: 'addTags', tags: ['cat', 'ohwx'] } });
    expect(r.changed).toBe(3);
    expect(r.step?.op).toEqual({ kind: 'addTags', tags: ['cat', 'ohwx'], at: 'end' });
    expect(r.history).toMatchObject({ undoDepth: 1, redoDepth: 0 });
    // The model's tag keeps its source and score; the added ones are manual.
    expect(tagsOf(a, ids[0]!)).toEqual([
      { tag: 'cat', source: 'wd-v3', score: 0.9 },
      { tag: 'ohwx', source: 'manual', score: null },
    ]);
    expect(tagsOf(a, ids[1]!)).toEqual([
      { tag: 'cat', source: 'manual', score: null },
      { tag: 'ohwx', source: 'manual', score: null },
    ]);
    await new Promise((res) => setTimeout(res, 10));
    expect(events).toEqual([{ datasetId: ds.id, change: 'items', itemIds: ids }]);

    await a.close();
    a = start(dir);
    c = a.connect();
    expect((await c.call('edits.history', { datasetId: ds.id })).undo?.op.kind).toBe('addTags');
    const u = await c.call('edits.undo', { datasetId: ds.id });
    expect(u.changed).toBe(3);
    expect(u.history).toMatchObject({ undoDepth: 0, redoDepth: 1 });
    expect(tagsOf(a, ids[0]!)).toEqual([{ tag: 'cat', source: 'wd-v3', score: 0.9 }]);
    expect(tagsOf(a, ids[2]!)).toEqual([]);

    await a.close();
    a = start(dir);
    c = a.connect();
    const rd = await c.call('edits.redo', { datasetId: ds.id });
    expect(rd.changed).toBe(3);
    expect(tagsOf(a, ids[2]!)).toEqual([
      { tag: 'cat', source: 'manual', score: null },
      { tag: 'ohwx', source: 'manual', score: null },
    ]);
    // Nothing left to redo: a no-op, not an error.
    expect((await c.call('edits.redo', { datasetId: ds.id })).step).toBeNull();
  });

  it('edits captions in bulk, and a new edit ends the redo branch', async () => {
    const a = start(tmpDir());
    const c = a.connect();
    const ds = await c.call('datasets.create', { name: 'd' });
    const ids = seed(a, ds.id, 2);
    await c.call('edits.apply', { datasetId: ds.id, itemIds: [ids[0]!], op: { kind: 'setCaption', text: 'a red cat' } });
    await c.call('edits.apply', { datasetId: ds.id, itemIds: ids, op: { kind: 'prependCaption', text: 'ohwx' } });
    expect([captionOf(a, ids[0]!), captionOf(a, ids[1]!)]).toEqual(['ohwx, a red cat', 'ohwx']);
    const rep = await c.call('edits.apply', {
      datasetId: ds.id,
      itemIds: ids,
      op: { kind: 'replaceInCaptions', find: 'RED', replace: 'blue', caseSensitive: false },
    });
    expect(rep.changed).toBe(1);
    expect(captionOf(a, ids[0]!)).toBe('ohwx, a blue cat');
    await c.call('edits.undo', { datasetId: ds.id });
    await c.call('edits.undo', { datasetId: ds.id });
    expect([captionOf(a, ids[0]!), captionOf(a, ids[1]!)]).toEqual(['a red cat', null]);
    const next = await c.call('edits.apply', { datasetId: ds.id, itemIds: ids, op: { kind: 'appendCaption', text: 'best' } });
    expect(next.history).toMatchObject({ undoDepth: 2, redoDepth: 0 });
    expect(captionOf(a, ids[1]!)).toBe('best');
    // An edit that changes nothing records nothing.
    const none = await c.call('edits.apply', { datasetId: ds.id, itemIds: ids, op: { kind: 'removeTags', tags: ['absent'] } });
    expect(none).toMatchObject({ step: null, changed: 0 });
  });

  it('reorders, replaces and removes tags on one item, keeping model sources', async () => {
    const a = start(tmpDir());
    const c = a.connect();
    const ds = await c.call('datasets.create', { name: 'd' });
    const [id] = seed(a, ds.id, 1) as [number];
    await c.call('edits.apply', { datasetId: ds.id, itemIds: [id], op: { kind: 'addTags', tags: ['a', 'b', 'c'] } });
    a.db.prepare("UPDATE tags SET source = 'wd-v3', score = 0.5 WHERE tag = 'b'").run();
    await c.call('edits.apply', { datasetId: ds.id, itemIds: [id], op: { kind: 'reorderTags', tags: ['c', 'b', 'a'] } });
    expect((await c.call('items.get', { id })).tags.map((t) => [t.tag, t.source])).toEqual([
      ['c', 'manual'],
      ['b', 'wd-v3'],
      ['a', 'manual'],
    ]);
    await c.call('edits.apply', { datasetId: ds.id, itemIds: [id], op: { kind: 'replaceTag', from: 'a', to: 'z' } });
    await c.call('edits.apply', { datasetId: ds.id, itemIds: [id], op: { kind: 'removeTags', tags: ['b'] } });
    expect((await c.call('items.get', { id })).tags.map((t) => t.tag)).toEqual(['c', 'z']);
    await c.call('edits.undo', { datasetId: ds.id });
    await c.call('edits.undo', { datasetId: ds.id });
    expect((await c.call('items.get', { id })).tags.map((t) => [t.tag, t.source, t.score])).toEqual([
      ['c', 'manual', null],
      ['b', 'wd-v3', 0.5],
      ['a', 'manual', null],
    ]);
  });

  it("keeps a model's tag unsuppressed when reordered, suppressed when removed, and lifts that on undo", async () => {
    const a = start(tmpDir());
    const c = a.connect();
    const ds = await c.call('datasets.create', { name: 'd' });
    const [id] = seed(a, ds.id, 1) as [number];
    const put = a.db.prepare("INSERT INTO tags (item_id, tag, source, score, position) VALUES (?, ?, 'wd-v3', 0.9, ?)");
    put.run(id, 'cat', 0);
    put.run(id, 'hat', 1);
    const suppressed = () => a.db.prepare('SELECT tag FROM tag_suppressions WHERE item_id = ?').pluck().all(id);
    await c.call('edits.apply', { datasetId: ds.id, itemIds: [id], op: { kind: 'reorderTags', tags: ['hat', 'cat'] } });
    expect(suppressed()).toEqual([]);
    expect(tagsOf(a, id)).toEqual([
      { tag: 'hat', source: 'wd-v3', score: 0.9 },
      { tag: 'cat', source: 'wd-v3', score: 0.9 },
    ]);
    await c.call('edits.apply', { datasetId: ds.id, itemIds: [id], op: { kind: 'removeTags', tags: ['cat'] } });
    expect(suppressed()).toEqual(['cat']);
    await c.call('edits.undo', { datasetId: ds.id });
    expect(suppressed()).toEqual([]);
    expect(tagsOf(a, id).map((t) => t.tag)).toEqual(['hat', 'cat']);
  });

  it('rejects items of another dataset and bad tags with readable errors', async () => {
    const a = start(tmpDir());
    const c = a.connect();
    const d1 = await c.call('datasets.create', { name: 'one' });
    const d2 = await c.call('datasets.create', { name: 'two' });
    const [other] = seed(a, d2.id, 1) as [number];
    const err = await c.call('edits.apply', { datasetId: d1.id, itemIds: [other], op: { kind: 'addTags', tags: ['x'] } }).catch((e) => e);
    expect(isAppError(err, 'NOT_FOUND')).toBe(true);
    expect(err.message).toMatch(/no longer in this dataset/);
    const bad = await c.call('edits.apply', { datasetId: d2.id, itemIds: [other], op: { kind: 'addTags', tags: ['a, b'] } }).catch((e) => e);
    expect(isAppError(bad, 'INVALID_INPUT')).toBe(true);
    expect(bad.message).toMatch(/cannot contain a comma/);
  });

  it('counts tags by frequency for a dataset, a selection, or a query (prefix matches first)', async () => {
    const a = start(tmpDir());
    const c = a.connect();
    const ds = await c.call('datasets.create', { name: 'd' });
    const ids = seed(a, ds.id, 3);
    await c.call('edits.apply', { datasetId: ds.id, itemIds: ids, op: { kind: 'addTags', tags: ['long hair'] } });
    await c.call('edits.apply', { datasetId: ds.id, itemIds: ids.slice(0, 2), op: { kind: 'addTags', tags: ['hat'] } });
    await c.call('edits.apply', { datasetId: ds.id, itemIds: ids.slice(2), op: { kind: 'addTags', tags: ['hair ornament'] } });
    expect(await c.call('tags.frequency', { datasetId: ds.id })).toEqual({
      distinct: 3,
      tags: [
        { tag: 'long hair', count: 3 },
        { tag: 'hat', count: 2 },
        { tag: 'hair ornament', count: 1 },
      ],
    });
    expect((await c.call('tags.frequency', { datasetId: ds.id, itemIds: [ids[2]!] })).tags.map((t) => t.tag)).toEqual([
      'hair ornament',
      'long hair',
    ]);
    expect((await c.call('tags.frequency', { datasetId: ds.id, query: 'HAI' })).tags.map((t) => t.tag)).toEqual(['hair ornament', 'long hair']);
  });
});

describe('caption autosave coalescing', () => {
  it('merges quick successive caption saves of one item into one step, and drops a step that cancels out', async () => {
    const a = start(tmpDir());
    const c = a.connect();
    const ds = await c.call('datasets.create', { name: 'd' });
    const [id, other] = seed(a, ds.id, 2) as [number, number];
    let t = 1_000_000;
    const log = new EditLog(a.db, () => t);
    const save = (text: string, itemId = id) => log.apply(ds.id, [itemId], { kind: 'setCaption', text }, true);
    save('a');
    t += 1000;
    save('a c');
    t += 1000;
    const r = save('a cat');
    expect(r.history.undoDepth).toBe(1);
    t += COALESCE_MS + 1;
    expect(save('a cat.').history.undoDepth).toBe(2);
    t += 100;
    expect(save('b', other).history.undoDepth).toBe(3);
    t += 100;
    expect(save('', other).history.undoDepth).toBe(2);
    log.undo(ds.id);
    expect(captionOf(a, id)).toBe('a cat');
    log.undo(ds.id);
    expect(captionOf(a, id)).toBeNull();
    expect(captionOf(a, other)).toBeNull();
  });
});
