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
  /** Items whose rows were compared as read (they leave tagger_unwritten). */
  written: number[];
  /** Items left with no tag from this model: they may have no tags at all. */
  mayEmpty: number[];
}

export type WriteResult = { stale: false; changed: number[] } | { stale: true };

/** A tag's change in tag_counts: rows, score sum, scored rows, model rows. */
type CountDelta = [n: number, sum: number, scored: number, model: number];

/**
 * Writes a plan in one transaction, unless the store moved since it was made (then `stale`: plan again). The
 * store's per-row triggers stand aside (tags_bulk_write): they would record the deletions as the user's removals
 * and cost more than the rows; tag_counts and tagged_items are kept here with one statement per touched tag and
 * item. Every row statement is limited to this model's rows, so manual tags and other models' rows stay.
 * Returns the items whose rows changed.
 */
export function writePlan(db: Db, plan: WritePlan): WriteResult {
  const { datasetId, modelId } = plan;
  const selections = new SelectionStore(db);
  const delRow = db.prepare('DELETE FROM tags WHERE item_id = ? AND tag = ? AND source = ? RETURNING score').pluck();
  const moveRow = db.prepare('UPDATE tags SET position = ?, score = ? WHERE item_id = ? AND tag = ? AND source = ?');
  const putRow = db.prepare('INSERT OR IGNORE INTO tags (item_id, tag, source, score, position) VALUES (?, ?, ?, ?, ?)');
  return db
    .transaction((): WriteResult => {
      const gen = db.prepare('SELECT score_gen FROM tagger_models WHERE id = ?').pluck().get(modelId);
      if (gen !== plan.expect.scoreGen || selections.applied(datasetId, modelId) !== plan.expect.settings) return { stale: true };
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
        const score = delRow.all(item, d.tag[k], modelId) as (number | null)[];
        if (score.length === 0) continue;
        count(d.tag[k]!, -1, -(score[0] ?? 0), score[0] === null ? 0 : -1, -1);
        changed.add(item);
        lost.add(item);
      }
      const m = plan.move;
      for (let k = 0; k < m.item.length; k++) {
        if (moveRow.run(m.position[k], m.score[k], m.item[k], m.tag[k], modelId).changes === 0) continue;
        count(m.tag[k]!, 0, m.score[k]! - m.oldScore[k]!, 0, 0);
        changed.add(m.item[k]!);
      }
      const p = plan.put;
      for (let k = 0; k < p.item.length; k++) {
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
      const done = db.prepare('DELETE FROM tagger_unwritten WHERE model_id = ? AND item_id = ?');
      for (const item of plan.written) done.run(modelId, item);
      selections.save(datasetId, modelId, plan.selection, true);
      db.prepare('DELETE FROM tags_bulk_write').run();
      return { stale: false, changed: [...changed] };
    })
    .immediate();
}
