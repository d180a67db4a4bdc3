import type { SelectionStats, TagSelection } from '../../shared/contract';
import type { Db } from '../store';
import { prepareSelection, selectionStats, selectTags, tagKey, type SelectedTag } from './select';
import type { ScoreStore } from './score-store';

/** 32-bit FNV-1a of an item's selected list: what re-slicing last wrote, to skip unchanged items. */
export function listSignature(list: SelectedTag[]): number {
  let h = 0x811c9dc5;
  const mix = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  };
  for (const t of list) mix(`${t.tag}\u0001${t.score.toFixed(5)}\u0002`);
  return h | 0;
}

/** The dataset's present item ids. */
export function datasetItemIds(db: Db, datasetId: number, only?: number[]): number[] {
  const all = db.prepare(`SELECT id FROM items WHERE dataset_id = ? AND status != 'missing' ORDER BY id`).pluck().all(datasetId) as number[];
  if (!only) return all;
  const want = new Set(only);
  return all.filter((id) => want.has(id));
}

/** tagKey()s of the tags users removed, per item of the dataset. */
export function datasetSuppressions(db: Db, datasetId: number): Map<number, Set<string>> {
  const rows = db
    .prepare('SELECT s.item_id, s.tag FROM tag_suppressions s JOIN items i ON i.id = s.item_id WHERE i.dataset_id = ?')
    .raw()
    .all(datasetId) as [number, string][];
  const m = new Map<number, Set<string>>();
  for (const [id, tag] of rows) {
    let s = m.get(id);
    if (!s) m.set(id, (s = new Set()));
    s.add(tagKey(tag));
  }
  return m;
}

/** Selects every scored item's tags; writes nothing. */
export function sliceDataset(
  db: Db,
  scores: ScoreStore,
  datasetId: number,
  modelId: string,
  selection: TagSelection,
  only?: number[],
): Map<number, SelectedTag[]> {
  const stored = scores.datasetScores(datasetId, modelId);
  const prepared = prepareSelection(scores.vocab(modelId), selection);
  const suppressed = datasetSuppressions(db, datasetId);
  const out = new Map<number, SelectedTag[]>();
  for (const id of datasetItemIds(db, datasetId, only)) {
    const s = stored.get(id);
    if (s) out.set(id, selectTags(prepared, s, suppressed.get(id)));
  }
  return out;
}

export function previewSelection(db: Db, scores: ScoreStore, datasetId: number, modelId: string, selection: TagSelection): SelectionStats {
  return selectionStats(sliceDataset(db, scores, datasetId, modelId, selection).values());
}

interface ModelRow {
  tag: string;
  position: number;
  score: number | null;
}

/**
 * Writes the model's selected tags into the items' tag lists. Only this model's rows change: manual tags and
 * other models' tags stay (a selected tag an item already has from elsewhere is left as it is), and tags the
 * user removed are not selected. Items whose list is what was last written are skipped.
 * Returns the ids of the items whose tags changed.
 */
export function writeSlices(db: Db, modelId: string, slices: Map<number, SelectedTag[]>): number[] {
  const lastSig = new Map(
    db.prepare('SELECT item_id, sig FROM tagger_applied WHERE model_id = ?').raw().all(modelId) as [number, number][],
  );
  const readRows = db.prepare('SELECT tag, position, score FROM tags WHERE item_id = ? AND source = ?');
  const del = db.prepare('DELETE FROM tags WHERE item_id = ? AND tag = ? AND source = ?');
  const upd = db.prepare('UPDATE tags SET position = ?, score = ? WHERE item_id = ? AND tag = ? AND source = ?');
  const ins = db.prepare('INSERT OR IGNORE INTO tags (item_id, tag, source, score, position) VALUES (?, ?, ?, ?, ?)');
  const putSig = db.prepare(`INSERT INTO tagger_applied (item_id, model_id, sig) VALUES (?, ?, ?)
    ON CONFLICT (item_id, model_id) DO UPDATE SET sig = excluded.sig`);
  const changed: number[] = [];
  db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO tagger_writing (one) VALUES (1)').run();
    for (const [itemId, list] of slices) {
      const sig = listSignature(list);
      if (lastSig.get(itemId) === sig) continue;
      const have = new Map((readRows.all(itemId, modelId) as ModelRow[]).map((r) => [r.tag, r]));
      let touched = false;
      list.forEach((t, position) => {
        const cur = have.get(t.tag);
        have.delete(t.tag);
        if (!cur) touched = ins.run(itemId, t.tag, modelId, t.score, position).changes > 0 || touched;
        else if (cur.position !== position || cur.score !== t.score) {
          upd.run(position, t.score, itemId, t.tag, modelId);
          touched = true;
        }
      });
      for (const tag of have.keys()) {
        del.run(itemId, tag, modelId);
        touched = true;
      }
      putSig.run(itemId, modelId, sig);
      if (touched) changed.push(itemId);
    }
    db.prepare('DELETE FROM tagger_writing').run();
  })();
  return changed;
}
