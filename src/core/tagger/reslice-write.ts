import type { TagSelection } from '../../shared/contract';
import type { Db } from '../store';
import { SelectionStore } from './selection-store';

/** Tag-row changes for one dataset and model (planReslice), as plain arrays: they travel to the writer thread. */
export interface WritePlan {
  datasetId: number;
  modelId: string;
  /** The selection the rows will follow: saved as applied with them. */
  selection: TagSelection;
  /** The store as the plan saw it: the model's score generation and the applied settings (null: none). */
  expect: { scoreGen: number; settings: string | null };
  del: { item: number[]; tag: string[] };
  put: { item: number[]; tag: string[]; source: string[]; score: number[]; position: number[] };
  /** Rows of this model that stay with a new position or score. */
  move: { item: number[]; tag: string[]; score: number[]; position: number[]; oldScore: number[] };
  /** Items whose rows were compared as read (they leave tagger_unwritten and tagger_pending). */
  written: number[];
  /** Items left with no tag from this model: they may have no tags at all. */
  mayEmpty: number[];
}

/** `stale`: the store moved since the plan was made, so some of it was not written: plan again. `changed`: the
 * items whose rows changed (a stale chunked write may have written some). */
export interface WriteResult {
  stale: boolean;
  changed: number[];
}

type PlanHead = Pick<WritePlan, 'datasetId' | 'modelId' | 'selection' | 'expect'>;

/** A plan that changes no row yet. */
export function emptyPlan(head: PlanHead): WritePlan {
  return {
    ...head,
    del: { item: [], tag: [] },
    put: { item: [], tag: [], source: [], score: [], position: [] },
    move: { item: [], tag: [], score: [], position: [], oldScore: [] },
    written: [],
    mayEmpty: [],
  };
}

/**
 * A plan written in several transactions (splitPlan), so that the core's own writes wait one chunk at most:
 * `begin` saves the selection as applied and marks every item the plan changes as pending (tagger_pending: read
 * back by the next plan), then each `chunk` writes some items' rows and takes their marks away. The store reads
 * right between any two of them. `whole` is a plan in one transaction.
 */
export type WriteStep =
  | { kind: 'whole'; plan: WritePlan }
  | { kind: 'begin'; head: PlanHead; items: number[]; written: number[] }
  | { kind: 'chunk'; plan: WritePlan };

/** A plan written step by step on one connection: in one transaction when it has `maxRows` row changes or
 * fewer, else in chunks (splitPlan). A stale first step ends the write; a stale chunk does not stop the others. */
export class SteppedWrite {
  private readonly steps: WriteStep[];

  constructor(
    private readonly db: Db,
    plan: WritePlan,
    maxRows: number,
  ) {
    if (plan.del.item.length + plan.put.item.length + plan.move.item.length <= maxRows) this.steps = [{ kind: 'whole', plan }];
    else {
      const { begin, chunks } = splitPlan(plan, maxRows);
      this.steps = [begin, ...chunks];
    }
  }

  /** Steps still to write. */
  get left(): number {
    return this.steps.length;
  }

  next(): WriteResult {
    const step = this.steps.shift();
    if (!step) throw new Error('The write has no step left.');
    const res = writeStep(this.db, step);
    if (res.stale && step.kind !== 'chunk') this.steps.length = 0;
    return res;
  }
}

/** A tag's change in tag_counts: rows, score sum, scored rows, model rows. */
type CountDelta = [n: number, sum: number, scored: number, model: number];

export function writeStep(db: Db, step: WriteStep): WriteResult {
  if (step.kind === 'whole') return writePlan(db, step.plan);
  if (step.kind === 'begin') return beginChunks(db, step.head, step.items, step.written);
  return writeChunk(db, step.plan);
}

/** Writes a plan in one transaction, unless the store moved since it was made. */
export function writePlan(db: Db, plan: WritePlan): WriteResult {
  return db
    .transaction((): WriteResult => {
      if (moved(db, plan)) return { stale: true, changed: [] };
      const changed = writeRows(db, plan, null);
      forget(db, 'tagger_unwritten', plan.modelId, plan.written);
      forget(db, 'tagger_pending', plan.modelId, plan.written);
      new SelectionStore(db).save(plan.datasetId, plan.modelId, plan.selection, true);
      return { stale: false, changed };
    })
    .immediate();
}

/**
 * Cuts a plan into chunks of about `maxRows` row changes, each holding every change of its items (a tag this
 * model drops and another model's row put back in its place stay together), items in id order. The chunks
 * expect the settings that `begin` saves.
 */
export function splitPlan(plan: WritePlan, maxRows: number): { begin: WriteStep; chunks: WriteStep[] } {
  const weight = new Map<number, number>();
  for (const list of [plan.del.item, plan.put.item, plan.move.item, plan.written]) for (const item of list) weight.set(item, (weight.get(item) ?? 0) + 1);
  const items = [...weight.keys()].sort((a, b) => a - b);
  const expect = { scoreGen: plan.expect.scoreGen, settings: JSON.stringify(plan.selection) };
  const parts: WritePlan[] = [];
  const partOf = new Map<number, WritePlan>();
  let rows = maxRows;
  for (const item of items) {
    if (rows >= maxRows) {
      parts.push(emptyPlan({ datasetId: plan.datasetId, modelId: plan.modelId, selection: plan.selection, expect }));
      rows = 0;
    }
    partOf.set(item, parts[parts.length - 1]!);
    rows += weight.get(item)!;
  }
  spread(plan.del, partOf, (p) => p.del);
  spread(plan.put, partOf, (p) => p.put);
  spread(plan.move, partOf, (p) => p.move);
  for (const item of plan.written) partOf.get(item)!.written.push(item);
  // Only items that lose rows can be left empty: the others have no chunk.
  for (const item of plan.mayEmpty) partOf.get(item)?.mayEmpty.push(item);
  const { datasetId, modelId, selection } = plan;
  return {
    begin: { kind: 'begin', head: { datasetId, modelId, selection, expect: plan.expect }, items, written: plan.written },
    chunks: parts.map((p) => ({ kind: 'chunk', plan: p })),
  };
}

/** Moves row k of each column of `from` to its item's part. */
function spread<T extends { item: number[] }>(from: T, partOf: Map<number, WritePlan>, to: (p: WritePlan) => T): void {
  const keys = Object.keys(from) as (keyof T)[];
  for (let k = 0; k < from.item.length; k++) {
    const dst = to(partOf.get(from.item[k]!)!);
    for (const key of keys) (dst[key] as unknown[]).push((from[key] as unknown[])[k]);
  }
}

function beginChunks(db: Db, head: PlanHead, items: number[], written: number[]): WriteResult {
  return db
    .transaction((): WriteResult => {
      if (moved(db, head)) return { stale: true, changed: [] };
      db.prepare('INSERT OR IGNORE INTO tagger_pending (item_id, model_id) SELECT value, ? FROM json_each(?)').run(head.modelId, JSON.stringify(items));
      // From here on a mark in tagger_unwritten on one of these items is an edit made while the chunks run.
      forget(db, 'tagger_unwritten', head.modelId, written);
      new SelectionStore(db).save(head.datasetId, head.modelId, head.selection, true);
      return { stale: false, changed: [] };
    })
    .immediate();
}

/** Writes a chunk's items that are still pending and were not edited since `begin` (those are read back at
 * the next plan: the chunk is `stale`), and takes their marks away. Writing a chunk twice changes nothing. */
function writeChunk(db: Db, plan: WritePlan): WriteResult {
  return db
    .transaction((): WriteResult => {
      if (moved(db, plan)) return { stale: true, changed: [] };
      const items = new Set<number>();
      for (const list of [plan.del.item, plan.put.item, plan.move.item, plan.written]) for (const item of list) items.add(item);
      const held = new Set(
        db
          .prepare(`SELECT p.item_id FROM tagger_pending p WHERE p.model_id = ? AND p.item_id IN (SELECT value FROM json_each(?))
            AND NOT EXISTS (SELECT 1 FROM tagger_unwritten u WHERE u.model_id = p.model_id AND u.item_id = p.item_id)`)
          .pluck()
          .all(plan.modelId, JSON.stringify([...items])) as number[],
      );
      const changed = writeRows(db, plan, held);
      forget(db, 'tagger_pending', plan.modelId, [...held]);
      return { stale: held.size < items.size, changed };
    })
    .immediate();
}

/** Whether the model's scores or the applied settings are not what the plan expects. */
function moved(db: Db, head: PlanHead): boolean {
  const gen = db.prepare('SELECT score_gen FROM tagger_models WHERE id = ?').pluck().get(head.modelId);
  return gen !== head.expect.scoreGen || new SelectionStore(db).applied(head.datasetId, head.modelId) !== head.expect.settings;
}

function forget(db: Db, table: 'tagger_unwritten' | 'tagger_pending', modelId: string, items: number[]): void {
  if (items.length) db.prepare(`DELETE FROM ${table} WHERE model_id = ? AND item_id IN (SELECT value FROM json_each(?))`).run(modelId, JSON.stringify(items));
}

/**
 * Writes the plan's rows of the items in `only` (null: all), inside the caller's transaction. The store's
 * per-row triggers stand aside (tags_bulk_write): they would record the deletions as the user's removals and
 * cost more than the rows; tag_counts, tagged_items and text_changes are kept here with one statement per touched tag
 * and item.
 * Every row statement is limited to this model's rows, so manual tags and other models' rows stay. Returns the
 * items whose rows changed.
 */
function writeRows(db: Db, plan: WritePlan, only: Set<number> | null): number[] {
  const { datasetId, modelId } = plan;
  const delRow = db.prepare('DELETE FROM tags WHERE item_id = ? AND tag = ? AND source = ? RETURNING score').pluck();
  const moveRow = db.prepare('UPDATE tags SET position = ?, score = ? WHERE item_id = ? AND tag = ? AND source = ? AND (position != ? OR score IS NOT ?)');
  const putRow = db.prepare('INSERT OR IGNORE INTO tags (item_id, tag, source, score, position) VALUES (?, ?, ?, ?, ?)');
  const skip = (item: number): boolean => only !== null && !only.has(item);
  db.prepare('INSERT INTO tags_bulk_write (one) VALUES (1)').run();
  const counts = new Map<string, CountDelta>();
  const count = (tag: string, n: number, sum: number, scored: number, model: number): void => {
    const c = counts.get(tag);
    if (c) {
      c[0] += n;
      c[1] += sum;
      c[2] += scored;
      c[3] += model;
    } else counts.set(tag, [n, sum, scored, model]);
  };
  const changed = new Set<number>();
  const lost = new Set<number>();
  const gained = new Set<number>();
  const d = plan.del;
  for (let k = 0; k < d.item.length; k++) {
    const item = d.item[k]!;
    if (skip(item)) continue;
    const score = delRow.all(item, d.tag[k], modelId) as (number | null)[];
    if (score.length === 0) continue;
    count(d.tag[k]!, -1, -(score[0] ?? 0), score[0] === null ? 0 : -1, -1);
    changed.add(item);
    lost.add(item);
  }
  const m = plan.move;
  for (let k = 0; k < m.item.length; k++) {
    if (skip(m.item[k]!)) continue;
    if (moveRow.run(m.position[k], m.score[k], m.item[k], m.tag[k], modelId, m.position[k], m.score[k]).changes === 0) continue;
    count(m.tag[k]!, 0, m.score[k]! - m.oldScore[k]!, 0, 0);
    changed.add(m.item[k]!);
  }
  const p = plan.put;
  for (let k = 0; k < p.item.length; k++) {
    if (skip(p.item[k]!)) continue;
    if (putRow.run(p.item[k], p.tag[k], p.source[k], p.score[k], p.position[k]).changes === 0) continue;
    count(p.tag[k]!, 1, p.score[k]!, 1, 1);
    changed.add(p.item[k]!);
    gained.add(p.item[k]!);
  }
  const putCount = db.prepare(`INSERT INTO tag_counts (dataset_id, tag, n, score_sum, scored, model_n) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (dataset_id, tag) DO UPDATE SET n = n + excluded.n, score_sum = score_sum + excluded.score_sum,
      scored = scored + excluded.scored, model_n = model_n + excluded.model_n`);
  for (const [tag, c] of counts) if (c.some((v) => v !== 0)) putCount.run(datasetId, tag, ...c);
  const tagged = db.prepare('INSERT OR IGNORE INTO tagged_items (dataset_id, item_id) VALUES (?, ?)');
  for (const item of gained) tagged.run(datasetId, item);
  const untagged = db.prepare(`DELETE FROM tagged_items WHERE dataset_id = ? AND item_id = ?
    AND NOT EXISTS (SELECT 1 FROM tags WHERE item_id = ?)`);
  for (const item of plan.mayEmpty) if (lost.has(item) && !gained.has(item)) untagged.run(datasetId, item, item);
  // The text-search log (core-004) the row triggers would have written: the items whose tags came or went.
  const retagged = [...new Set([...lost, ...gained])];
  if (retagged.length) db.prepare('INSERT INTO text_changes (item_id) SELECT value FROM json_each(?)').run(JSON.stringify(retagged));
  db.prepare('DELETE FROM tags_bulk_write').run();
  return [...changed];
}
