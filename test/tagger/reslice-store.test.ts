import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { EditLog } from '../../src/core/edits';
import {
  applySelection,
  keepScores,
  planReslice,
  prepareSelection,
  previewSelection,
  selectIndices,
  tagKey,
  taggerService,
  writePlan,
  type Vocab,
} from '../../src/core/tagger';
import { datasetSuppressions } from '../../src/core/tagger/reslice';
import { splitPlan, writeStep } from '../../src/core/tagger/reslice-write';
import { tagSelectionSchema, type TagSelection, type TagSelectionInput } from '../../src/shared/contract';
import { rng } from '../helpers/rng';
import { tmpDir } from '../helpers/tmp';

/** A small WD-like vocabulary; `shift` renames part of it so that two models share some tags, not all. */
function vocab(shift: number): Vocab {
  const names = ['general', 'sensitive', 'questionable', 'explicit', '^_^', 'long_hair', 'hat_(object)'];
  const codes = [9, 9, 9, 9, 0, 0, 0];
  for (let i = 0; i < 40; i++) (names.push(`tag_${i + shift}`), codes.push(i % 9 === 0 ? 3 : 0));
  for (let i = 0; i < 12; i++) (names.push(`char_${i + shift}_(series)`), codes.push(4));
  return { names, codes: Uint8Array.from(codes), postCounts: Int32Array.from(names, (_, i) => 1000 - i) };
}

function probs(v: Vocab, r: () => number): Float32Array {
  const p = new Float32Array(v.names.length);
  for (let i = 0; i < p.length; i++) p[i] = r() < 0.5 ? r() ** 2 : r() * 0.03;
  return p;
}

interface Row {
  item_id: number;
  tag: string;
  source: string;
  score: number | null;
  position: number;
}

/** What the store must hold, checked against the selections as pure functions of the stored scores. */
function checkStore(app: Atelier, datasetId: number, applied: Map<string, TagSelection>): void {
  const svc = taggerService(app);
  const rows = app.db.prepare('SELECT item_id, tag, source, score, position FROM tags t JOIN items i ON i.id = t.item_id WHERE i.dataset_id = ?').all(datasetId) as Row[];
  const suppressed = datasetSuppressions(app.db, datasetId);
  const byItem = new Map<number, Map<string, Row>>();
  for (const r of rows) {
    if (!byItem.has(r.item_id)) byItem.set(r.item_id, new Map());
    byItem.get(r.item_id)!.set(r.tag, r);
  }
  // Every tag a model selects is on the item (as this model's row, or one that another source held first, maybe
  // in another spelling);
  // every model row is one its model selects, with that selection's score and position. Items scored again,
  // whose rows an undo wrote back, or that a write in chunks has not reached yet, follow at their model's next apply.
  const unwritten = new Set(
    app.db.prepare(`SELECT model_id || ':' || item_id FROM tagger_unwritten UNION SELECT model_id || ':' || item_id FROM tagger_pending`).pluck().all() as string[],
  );
  const selected = new Map<string, Map<number, Map<string, { score: number; position: number }>>>();
  for (const [modelId, selection] of applied) {
    const p = prepareSelection(svc.scores.vocab(modelId), selection);
    const per = new Map<number, Map<string, { score: number; position: number }>>();
    for (const [item, s] of svc.scores.datasetScores(datasetId, modelId).items) {
      if (unwritten.has(`${modelId}:${item}`)) continue;
      const sel = selectIndices(p, s, suppressed.get(item));
      const m = new Map<string, { score: number; position: number }>();
      sel.idx.forEach((i, k) => m.set(p.display[i]!, { score: sel.score[k]!, position: sel.position[k]! }));
      per.set(item, m);
      const keys = new Set([...(byItem.get(item)?.keys() ?? [])].map(tagKey));
      for (const tag of m.keys()) expect(keys.has(tagKey(tag)), `item ${item} lacks ${tag} (${modelId})`).toBe(true);
    }
    selected.set(modelId, per);
  }
  for (const r of rows) {
    if (r.source === 'manual' || unwritten.has(`${r.source}:${r.item_id}`)) continue;
    const want = selected.get(r.source)?.get(r.item_id)?.get(r.tag);
    expect(want, `item ${r.item_id} holds ${r.tag} from ${r.source}, which does not select it`).toBeDefined();
    expect({ score: r.score, position: r.position }).toEqual(want);
  }
  // The kept counts are what grouping the rows gives.
  const kept = app.db.prepare('SELECT tag, n, score_sum, scored, model_n FROM tag_counts WHERE dataset_id = ? ORDER BY tag').all(datasetId) as {
    tag: string;
    n: number;
    score_sum: number;
    scored: number;
    model_n: number;
  }[];
  const grouped = app.db
    .prepare(`SELECT t.tag, COUNT(*) AS n, COALESCE(SUM(t.score), 0) AS score_sum, COUNT(t.score) AS scored, SUM(t.source != 'manual') AS model_n
      FROM tags t JOIN items i ON i.id = t.item_id WHERE i.dataset_id = ? GROUP BY t.tag ORDER BY t.tag`)
    .all(datasetId) as typeof kept;
  expect(kept.map((k) => [k.tag, k.n, k.scored, k.model_n])).toEqual(grouped.map((k) => [k.tag, k.n, k.scored, k.model_n]));
  kept.forEach((k, i) => expect(k.score_sum).toBeCloseTo(grouped[i]!.score_sum, 6));
  const tagged = app.db.prepare('SELECT item_id FROM tagged_items WHERE dataset_id = ? ORDER BY item_id').pluck().all(datasetId);
  expect(tagged).toEqual([...byItem.keys()].sort((a, b) => a - b));
}

/** A random change of a selection: mostly threshold steps (the slider), sometimes any other setting. */
function mutate(s: TagSelection, r: () => number, names: string[]): TagSelection {
  const step = (x: number) => Math.min(0.95, Math.max(0.05, Math.round((x + (r() < 0.5 ? -1 : 1) * (r() < 0.7 ? 0.01 : 0.15)) * 100) / 100));
  const x = r();
  const n: TagSelectionInput = { ...s };
  if (x < 0.45) n.general = step(s.general);
  else if (x < 0.6) n.character = step(s.character);
  else if (x < 0.65) n.generalMcut = !s.generalMcut;
  else if (x < 0.7) n.characterMcut = !s.characterMcut;
  else if (x < 0.75) n.rating = s.rating === 'best' ? 'none' : 'best';
  else if (x < 0.8) n.exclude = r() < 0.3 ? [] : [names[7 + Math.floor(r() * 20)]!.replace(/_/g, ' ').toUpperCase()];
  else if (x < 0.84) n.alwaysFirst = r() < 0.3 ? [] : [names[7 + Math.floor(r() * 20)]!, names[48 + Math.floor(r() * 5)]!];
  else if (x < 0.88) n.underscores = s.underscores === 'space' ? 'keep' : 'space';
  else if (x < 0.92) n.escapeParens = !s.escapeParens;
  else if (x < 0.96) n.characterFirst = !s.characterFirst;
  else n.maxGeneral = s.maxGeneral > 0 ? 0 : 3;
  return tagSelectionSchema.parse(n);
}

/** A dataset of one item, and a three-tag vocabulary (a rating, two general tags). */
function oneItem() {
  const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
  const d = app.datasets.create('One', 'image');
  const item = Number(app.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status) VALUES (?, 'a.png', '/x/a.png', 'ready')`).run(d.id).lastInsertRowid);
  const v: Vocab = { names: ['general', 'long_hair', 'hat'], codes: Uint8Array.from([9, 0, 0]), postCounts: Int32Array.from([3, 2, 1]) };
  return { app, svc: taggerService(app), d, item, v };
}

/** A dataset of `n` items scored by model A (vocab(0)), in a store on disk. */
function scoredDataset(n: number, seed: number, dir = tmpDir()) {
  const app = createAtelier({ dataDir: dir, host: 'memory', startJobs: false });
  const svc = taggerService(app);
  const r = rng(seed);
  const d = app.datasets.create('Big', 'image');
  const put = app.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status) VALUES (?, ?, ?, 'ready')`);
  const ids = app.db.transaction(() => Array.from({ length: n }, (_, i) => Number(put.run(d.id, `p${i}.png`, `/x/p${i}.png`).lastInsertRowid)))();
  const v = vocab(0);
  svc.scores.registerModel('A', v);
  svc.scores.putScores('A', ids.map((itemId) => ({ itemId, scores: keepScores(probs(v, r), v) })));
  return { app, svc, d, ids };
}

describe('re-sliced tag rows in the store', () => {
  it('always hold what the pure selections give, with kept counts, through moves, edits, undo, new scores and a second model', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: false });
    const client = app.connect();
    const svc = taggerService(app);
    const r = rng(7);
    const d = app.datasets.create('Random', 'image');
    const put = app.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status) VALUES (?, ?, ?, 'ready')`);
    // Enough items that the first writes (thousands of rows) go through the writer thread.
    const ids = Array.from({ length: 250 }, (_, i) => Number(put.run(d.id, `p${i}.png`, `/nowhere/p${i}.png`).lastInsertRowid));
    const models = { A: vocab(0), B: vocab(20) };
    for (const [id, v] of Object.entries(models)) {
      svc.scores.registerModel(id, v);
      svc.scores.putScores(id, ids.map((itemId) => ({ itemId, scores: keepScores(probs(v, r), v) })));
    }
    const applied = new Map<string, TagSelection>();
    const apply = async (modelId: string, selection: TagSelection) => {
      const res = await client.call('tagger.apply', { datasetId: d.id, modelId, selection });
      applied.set(modelId, selection);
      expect(res.stats).toEqual(previewSelection(app.db, svc.scores, d.id, modelId, selection));
      checkStore(app, d.id, applied);
      return res;
    };
    await apply('A', tagSelectionSchema.parse({ general: 0.3, character: 0.5 }));
    await apply('B', tagSelectionSchema.parse({ general: 0.25, character: 0.5, underscores: 'keep' }));
    const modelTag = (item: number) => {
      const tags = app.db.prepare(`SELECT tag FROM tags WHERE item_id = ? AND source != 'manual' ORDER BY tag`).pluck().all(item) as string[];
      return tags[Math.floor(r() * tags.length)];
    };
    let edits = 0;
    for (let step = 0; step < 60; step++) {
      const x = r();
      const item = ids[Math.floor(r() * ids.length)]!;
      if (x < 0.1) {
        const tag = modelTag(item);
        if (tag) await client.call('edits.apply', { datasetId: d.id, itemIds: [item], op: { kind: 'removeTags', tags: [tag] } }), edits++;
      } else if (x < 0.15) {
        // A manual tag, sometimes one a model proposes too (then the manual row holds it).
        const tag = r() < 0.5 ? `mine ${step}` : models.A.names[7 + Math.floor(r() * 40)]!.replace(/_/g, ' ');
        await client.call('edits.apply', { datasetId: d.id, itemIds: [item], op: { kind: 'addTags', tags: [tag] } });
        edits++;
      } else if (x < 0.2 && edits > 0) {
        await client.call('edits.undo', { datasetId: d.id });
        edits--;
      } else if (x < 0.25) {
        // Scored again (as a forced run would): these items' rows are read back at the next apply.
        const some = ids.filter(() => r() < 0.05);
        svc.scores.putScores('A', some.map((itemId) => ({ itemId, scores: keepScores(probs(models.A, r), models.A) })));
      } else {
        const modelId = r() < 0.75 ? 'A' : 'B';
        await apply(modelId, mutate(applied.get(modelId)!, r, models[modelId as 'A' | 'B'].names));
      }
    }
    // Manual tags are never the tagger's to change.
    const manual = app.db.prepare(`SELECT COUNT(*) FROM tags WHERE source = 'manual'`).pluck().get() as number;
    await apply('A', tagSelectionSchema.parse({ general: 0.99, character: 0.99 }));
    await apply('B', tagSelectionSchema.parse({ general: 0.99, character: 0.99 }));
    expect(app.db.prepare(`SELECT COUNT(*) FROM tags WHERE source = 'manual'`).pluck().get()).toBe(manual);
    await app.close();
  });

  it('keeps a tag that one model drops when another selects it', async () => {
    const { app, svc, d, item, v } = oneItem();
    svc.scores.registerModel('A', v);
    svc.scores.registerModel('B', v);
    svc.scores.putScores('A', [{ itemId: item, scores: keepScores([0.9, 0.8, 0.5], v) }]);
    svc.scores.putScores('B', [{ itemId: item, scores: keepScores([0.9, 0.6, 0.7], v) }]);
    const tags = () => app.db.prepare('SELECT tag, source FROM tags WHERE item_id = ? ORDER BY tag').all(item);
    await applySelection(app, svc, d.id, 'A', tagSelectionSchema.parse({ general: 0.4 }));
    await applySelection(app, svc, d.id, 'B', tagSelectionSchema.parse({ general: 0.4 }));
    // B's long hair was not written: A's row holds it.
    expect(tags()).toEqual([{ tag: 'hat', source: 'A' }, { tag: 'long hair', source: 'A' }]);
    await applySelection(app, svc, d.id, 'A', tagSelectionSchema.parse({ general: 0.85 }));
    expect(tags()).toEqual([{ tag: 'hat', source: 'B' }, { tag: 'long hair', source: 'B' }]);
    expect(app.db.prepare('SELECT n, model_n FROM tag_counts WHERE dataset_id = ? ORDER BY tag').raw().all(d.id)).toEqual([[1, 1], [1, 1]]);
    await app.close();
  });

  it('plans again when the scores changed between planning and writing', async () => {
    const { app, svc, d, item, v } = oneItem();
    svc.scores.registerModel('A', v);
    svc.scores.putScores('A', [{ itemId: item, scores: keepScores([0.9, 0.8, 0.5], v) }]);
    const sel = tagSelectionSchema.parse({ general: 0.4 });
    const { plan } = planReslice(app.db, svc.scores, svc.selections, d.id, 'A', sel);
    // Another process (here: the same store) writes new scores before the plan is written.
    svc.scores.putScores('A', [{ itemId: item, scores: keepScores([0.9, 0.1, 0.5], v) }]);
    expect(writePlan(app.db, plan)).toEqual({ stale: true, changed: [] });
    expect(app.db.prepare('SELECT COUNT(*) FROM tags').pluck().get()).toBe(0);
    await applySelection(app, svc, d.id, 'A', sel);
    expect(app.db.prepare('SELECT tag FROM tags WHERE item_id = ?').pluck().all(item)).toEqual(['hat']);
    await app.close();
  });

  it('writes a large re-slice on the writer thread while the core keeps answering', async () => {
    const { app, svc, d, ids } = scoredDataset(3000, 3);
    const client = app.connect();
    let answered = 0;
    const applying = applySelection(app, svc, d.id, 'A', tagSelectionSchema.parse({ general: 0.05, character: 0.05 }));
    // Calls made while the write runs are answered before it ends.
    const calls = (async () => {
      for (let i = 0; i < 3; i++) {
        await client.call('datasets.list', {});
        answered++;
      }
    })();
    const first = await Promise.race([calls.then(() => 'calls'), applying.then(() => 'apply')]);
    const res = await applying;
    await calls;
    expect(res.changedItems).toBe(ids.length);
    expect(first).toBe('calls');
    expect(answered).toBe(3);
    checkStore(app, d.id, new Map([['A', tagSelectionSchema.parse({ general: 0.05, character: 0.05 })]]));
    await app.close();
  });

  it('checkpoints the log of the store on the writer thread once a large write is done, leaving the core none to do', async () => {
    const { app, svc, d } = scoredDataset(3000, 4);
    await applySelection(app, svc, d.id, 'A', tagSelectionSchema.parse({ general: 0.05, character: 0.05 }));
    // The wal-index header (the -shm file, in native byte order): mxFrame, the log's frames, at byte 16; nBackfill,
    // those copied back into the database, at byte 96. Read without checkpointing anything.
    const wal = () => {
      const b = readFileSync(`${app.db.name}-shm`);
      return { frames: b.readUInt32LE(16), backfilled: b.readUInt32LE(96) };
    };
    for (let waited = 0; waited < 5000 && wal().backfilled < wal().frames; waited += 20) await new Promise((r) => setTimeout(r, 20));
    // The whole write (about 4300 pages here) stayed in the log until it was done: a checkpoint between chunks,
    // as SQLite's automatic one at 1000 pages, starts the log over, which leaves at most ~1150 frames in it.
    expect(wal().frames).toBeGreaterThan(2000);
    // Then it was copied back, on the writer thread: the core's next commit finds nothing to checkpoint.
    expect(wal().backfilled).toBe(wal().frames);
    await app.close();
  });

  it('commits a large re-slice in chunks: an edit on the core meanwhile waits one chunk at most, and the tags end as the pure selections', async () => {
    const { app, svc, d, ids } = scoredDataset(6000, 5);
    const sel = tagSelectionSchema.parse({ general: 0.05, character: 0.05 });
    let done = false;
    const t0 = performance.now();
    const applying = applySelection(app, svc, d.id, 'A', sel).finally(() => (done = true));
    const waits: number[] = [];
    // Edits on the core's connection, timed alone (the planning before the write holds the thread too).
    const edits = new EditLog(app.db);
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const t = performance.now();
      edits.apply(d.id, [ids[waits.length]!], { kind: 'setCaption', text: `edit ${waits.length}` }, false);
      waits.push(performance.now() - t);
    }
    const res = await applying;
    const total = performance.now() - t0;
    expect(res.changedItems).toBe(ids.length);
    // One transaction for the whole write (~140,000 rows) would hold an edit for most of it.
    const longest = Math.max(...waits);
    expect(waits.length).toBeGreaterThan(5);
    expect(longest, `longest edit ${longest.toFixed(0)} ms of a ${total.toFixed(0)} ms apply`).toBeLessThan(Math.min(400, total / 4));
    expect(app.db.prepare('SELECT COUNT(*) FROM tagger_pending').pluck().get()).toBe(0);
    expect(app.db.prepare('SELECT COUNT(*) FROM tagger_unwritten').pluck().get()).toBe(0);
    checkStore(app, d.id, new Map([['A', sel]]));
    expect(app.db.prepare('SELECT text FROM captions WHERE item_id = ?').pluck().get(ids[0])).toBe('edit 0');
    await app.close();
  });

  it('leaves a store that reads right when the process stops between chunks, and reads back an item edited meanwhile', async () => {
    const dir = tmpDir();
    const made = scoredDataset(120, 11, dir);
    const d = made.d;
    let { app, svc } = made;
    const first = tagSelectionSchema.parse({ general: 0.5, character: 0.5 });
    await applySelection(app, svc, d.id, 'A', first);
    const second = tagSelectionSchema.parse({ general: 0.1, character: 0.2, underscores: 'keep' });
    const { plan } = planReslice(app.db, svc.scores, svc.selections, d.id, 'A', second);
    const { begin, chunks } = splitPlan(plan, 300);
    expect(chunks.length).toBeGreaterThan(3);
    expect(writeStep(app.db, begin).stale).toBe(false);
    const one = writeStep(app.db, chunks[0]!);
    expect(one.stale).toBe(false);
    expect(one.changed.length).toBeGreaterThan(0);
    // Written again, a chunk changes nothing.
    expect(writeStep(app.db, chunks[0]!).changed).toEqual([]);
    // Between any two chunks the store reads right under the settings now applied.
    checkStore(app, d.id, new Map([['A', second]]));
    // An edit on an item of a later chunk: that chunk leaves the item as the user left it, to be read back.
    const last = chunks[chunks.length - 1]!;
    if (last.kind !== 'chunk') throw new Error('a chunk');
    const edited = last.plan.put.item[0]!;
    const tag = app.db.prepare(`SELECT tag FROM tags WHERE item_id = ? AND source = 'A' LIMIT 1`).pluck().get(edited) as string;
    await app.connect().call('edits.apply', { datasetId: d.id, itemIds: [edited], op: { kind: 'removeTags', tags: [tag] } });
    const skipped = writeStep(app.db, last);
    expect(skipped.stale).toBe(true);
    expect(skipped.changed).not.toContain(edited);
    checkStore(app, d.id, new Map([['A', second]]));
    // The process stops here; the next one re-slices from what the store holds.
    await app.close();
    app = createAtelier({ dataDir: dir, host: 'memory', startJobs: false });
    svc = taggerService(app);
    expect(app.db.prepare('SELECT COUNT(*) FROM tagger_pending').pluck().get()).toBeGreaterThan(0);
    await applySelection(app, svc, d.id, 'A', second);
    expect(app.db.prepare('SELECT COUNT(*) FROM tagger_pending').pluck().get()).toBe(0);
    expect(app.db.prepare('SELECT COUNT(*) FROM tagger_unwritten').pluck().get()).toBe(0);
    checkStore(app, d.id, new Map([['A', second]]));
    expect(app.db.prepare('SELECT COUNT(*) FROM tags WHERE item_id = ? AND tag = ?').pluck().get(edited, tag)).toBe(0);
    await applySelection(app, svc, d.id, 'A', first);
    checkStore(app, d.id, new Map([['A', first]]));
    await app.close();
  });
});
