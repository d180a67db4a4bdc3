import type { SelectionStats, TagSelection } from '../../shared/contract';
import type { Db } from '../store';
import { prepareSelection, selectIndices, selectionStats, tagKey, type IndexSelection, type PreparedSelection } from './select';
import type { ScoreStore } from './score-store';

/** 32-bit FNV-1a over an item's selection (indices and positions, which carry the scores) and the text
 * settings: what re-slicing last wrote, to skip items whose tags would not change. */
export function selectionSignature(seed: number, s: IndexSelection): number {
  let h = seed;
  for (let k = 0; k < s.idx.length; k++) {
    h = Math.imul(h ^ s.idx[k]!, 0x01000193);
    h = Math.imul(h ^ s.position[k]!, 0x01000193);
  }
  return h | 0;
}

function textSeed(p: PreparedSelection): number {
  let h = 0x811c9dc5;
  const text = `${p.settings.underscores}|${p.settings.escapeParens}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
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

/** Every scored item's selection, against one prepared selection. */
export interface Slices {
  prepared: PreparedSelection;
  items: Map<number, IndexSelection>;
}

/** Selects every scored item's tags; writes nothing. */
export function sliceDataset(
  db: Db,
  scores: ScoreStore,
  datasetId: number,
  modelId: string,
  selection: TagSelection,
  only?: number[],
): Slices {
  const stored = scores.datasetScores(datasetId, modelId);
  const prepared = prepareSelection(scores.vocab(modelId), selection);
  const suppressed = datasetSuppressions(db, datasetId);
  const items = new Map<number, IndexSelection>();
  for (const id of datasetItemIds(db, datasetId, only)) {
    const s = stored.get(id);
    if (s) items.set(id, selectIndices(prepared, s, suppressed.get(id)));
  }
  return { prepared, items };
}

export function previewSelection(db: Db, scores: ScoreStore, datasetId: number, modelId: string, selection: TagSelection): SelectionStats {
  const slices = sliceDataset(db, scores, datasetId, modelId, selection);
  return selectionStats(slices.prepared, slices.items.values());
}

type ModelRow = [tag: string, position: number, score: number | null];

/** An item's last written selection as stored: n (index, position) int32 pairs. */
function encodeApplied(sel: IndexSelection): Buffer {
  const buf = Buffer.alloc(sel.idx.length * 8);
  for (let k = 0; k < sel.idx.length; k++) {
    buf.writeInt32LE(sel.idx[k]!, k * 8);
    buf.writeInt32LE(sel.position[k]!, k * 8 + 4);
  }
  return buf;
}

function decodeApplied(buf: Buffer): Map<number, number> {
  const m = new Map<number, number>();
  for (let o = 0; o + 8 <= buf.length; o += 8) m.set(buf.readInt32LE(o), buf.readInt32LE(o + 4));
  return m;
}

/**
 * Writes the model's selected tags into the items' tag lists. Only this model's rows change: manual tags and
 * other models' tags stay (a selected tag an item already has from elsewhere is left as it is), and tags the
 * user removed are not selected. Items whose selection is what was last written are skipped; for the others
 * the change is worked out from the last written selection (or, when the tag-text settings changed, from the
 * item's rows), and positions depend on scores only, so a threshold move inserts and deletes just the tags it
 * adds and drops. Every statement is limited to this model's rows, so a tag the user has since edited is safe.
 * Returns the ids of the items whose tags changed.
 */
export function writeSlices(db: Db, datasetId: number, modelId: string, slices: Slices): number[] {
  const { prepared, items } = slices;
  const seed = textSeed(prepared);
  const last = new Map<number, { sig: number; seed: number; selection: Buffer }>();
  for (const [id, sig, textSeedOf, selection] of db
    .prepare(`SELECT a.item_id, a.sig, a.text_seed, a.selection FROM tagger_applied a JOIN items i ON i.id = a.item_id
      WHERE i.dataset_id = ? AND a.model_id = ?`)
    .raw()
    .all(datasetId, modelId) as [number, number, number, Buffer][]) {
    last.set(id, { sig, seed: textSeedOf, selection });
  }
  const readRows = db.prepare('SELECT tag, position, score FROM tags WHERE item_id = ? AND source = ?').raw();
  const del = db.prepare('DELETE FROM tags WHERE item_id = ? AND tag = ? AND source = ?');
  const upd = db.prepare('UPDATE tags SET position = ?, score = ? WHERE item_id = ? AND tag = ? AND source = ?');
  const ins = db.prepare('INSERT OR IGNORE INTO tags (item_id, tag, source, score, position) VALUES (?, ?, ?, ?, ?)');
  const putApplied = db.prepare(`INSERT INTO tagger_applied (item_id, model_id, sig, text_seed, selection) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (item_id, model_id) DO UPDATE SET sig = excluded.sig, text_seed = excluded.text_seed, selection = excluded.selection`);
  const changed: number[] = [];
  db.transaction(() => {
    db.prepare('INSERT OR IGNORE INTO tagger_writing (one) VALUES (1)').run();
    for (const [itemId, sel] of items) {
      const sig = selectionSignature(seed, sel);
      const prev = last.get(itemId);
      if (prev && prev.sig === sig && prev.seed === seed) continue;
      let touched = false;
      if (prev && prev.seed === seed) {
        // Same tag texts as last time: the diff of the two selections is the change.
        const before = decodeApplied(prev.selection);
        for (let k = 0; k < sel.idx.length; k++) {
          const i = sel.idx[k]!;
          const position = sel.position[k]!;
          const was = before.get(i);
          before.delete(i);
          if (was === undefined) touched = ins.run(itemId, prepared.display[i]!, modelId, sel.score[k]!, position).changes > 0 || touched;
          else if (was !== position) touched = upd.run(position, sel.score[k]!, itemId, prepared.display[i]!, modelId).changes > 0 || touched;
        }
        for (const i of before.keys()) touched = del.run(itemId, prepared.display[i]!, modelId).changes > 0 || touched;
      } else {
        const have = new Map((readRows.all(itemId, modelId) as ModelRow[]).map((r) => [r[0], r]));
        for (let k = 0; k < sel.idx.length; k++) {
          const tag = prepared.display[sel.idx[k]!]!;
          const position = sel.position[k]!;
          const score = sel.score[k]!;
          const cur = have.get(tag);
          have.delete(tag);
          if (!cur) touched = ins.run(itemId, tag, modelId, score, position).changes > 0 || touched;
          else if (cur[1] !== position || cur[2] !== score) touched = upd.run(position, score, itemId, tag, modelId).changes > 0 || touched;
        }
        for (const tag of have.keys()) touched = del.run(itemId, tag, modelId).changes > 0 || touched;
      }
      putApplied.run(itemId, modelId, sig, seed, encodeApplied(sel));
      if (touched) changed.push(itemId);
    }
    db.prepare('DELETE FROM tagger_writing').run();
  })();
  return changed;
}
