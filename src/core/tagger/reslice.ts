import { tagSelectionSchema, type SelectionStats, type TagSelection } from '../../shared/contract';
import type { Db } from '../store';
import {
  bandChanges,
  countChange,
  prepareSelection,
  selectIndices,
  selectionCounts,
  selectionStats,
  tagKey,
  tagPosition,
  thresholdBand,
  type IndexSelection,
  type ItemScores,
  type PreparedSelection,
  type SelectionCounts,
  type Vocab,
} from './select';
import type { ScoreStore } from './score-store';
import type { SelectionStore } from './selection-store';
import { emptyPlan, type WritePlan } from './reslice-write';

/** The dataset's present item ids. */
function datasetItemIds(db: Db, datasetId: number): number[] {
  return db.prepare(`SELECT id FROM items WHERE dataset_id = ? AND status != 'missing' ORDER BY id`).pluck().all(datasetId) as number[];
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

/** What selecting reads: the scored present items' scores, and the users' suppressions. */
interface Inputs {
  vocab: Vocab;
  scoreGen: number;
  scores: Map<number, ItemScores>;
  /** Scored present items, by id. */
  ids: number[];
  suppressed: Map<number, Set<string>>;
}

function readInputs(db: Db, scores: ScoreStore, datasetId: number, modelId: string): Inputs {
  const stored = scores.datasetScores(datasetId, modelId);
  return {
    vocab: scores.vocab(modelId),
    scoreGen: stored.gen,
    scores: stored.items,
    ids: datasetItemIds(db, datasetId).filter((id) => stored.items.has(id)),
    suppressed: datasetSuppressions(db, datasetId),
  };
}

/** Every scored item's selection; writes nothing. */
export function sliceDataset(db: Db, scores: ScoreStore, datasetId: number, modelId: string, selection: TagSelection): { prepared: PreparedSelection; items: Map<number, IndexSelection> } {
  const inputs = readInputs(db, scores, datasetId, modelId);
  const prepared = prepareSelection(inputs.vocab, selection);
  const items = new Map<number, IndexSelection>();
  for (const id of inputs.ids) items.set(id, selectIndices(prepared, inputs.scores.get(id)!, inputs.suppressed.get(id)));
  return { prepared, items };
}

export function previewSelection(db: Db, scores: ScoreStore, datasetId: number, modelId: string, selection: TagSelection): SelectionStats {
  const s = sliceDataset(db, scores, datasetId, modelId, selection);
  return selectionStats(s.prepared, s.items.values());
}

/**
 * What a write left, kept in memory so that the next move does not select twice: the inputs it was made from,
 * the selection's counts, and each item's selection as (output index, position) int32 pairs (null after a
 * threshold-band write, which does not compute them). It stands while the scores, the applied settings, the
 * items and their suppressions are what they were.
 */
export interface LastApplied {
  scoreGen: number;
  settings: string;
  vocab: Vocab;
  ids: number[];
  suppressed: Map<number, Set<string>>;
  counts: SelectionCounts;
  picked: Map<number, Int32Array> | null;
}

/** A plan, the stats of the selection it writes, and what the store holds once it is written. */
export interface Planned {
  plan: WritePlan;
  stats: SelectionStats;
  next: LastApplied;
}

function pairsOf(s: IndexSelection): Int32Array {
  const out = new Int32Array(s.idx.length * 2);
  for (let k = 0; k < s.idx.length; k++) {
    out[2 * k] = s.idx[k]!;
    out[2 * k + 1] = s.position[k]!;
  }
  return out;
}

function sameSet(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameIds(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** A selection as the tag rows it stands for: tag text → score and position. */
type RowsByText = Map<string, { score: number | null; position: number }>;

function rowsOf(p: PreparedSelection, s: IndexSelection): RowsByText {
  const m: RowsByText = new Map();
  for (let k = 0; k < s.idx.length; k++) m.set(p.display[s.idx[k]!]!, { score: s.score[k]!, position: s.position[k]! });
  return m;
}

/** Collects a plan's row changes. */
class PlanBuilder {
  readonly plan: WritePlan;
  /** Tags deleted per item, where another applied model may select them (null: there is none). */
  readonly deleted: Map<number, Set<string>> | null;
  /** Items with at least one change. */
  readonly touched = new Set<number>();

  constructor(datasetId: number, modelId: string, selection: TagSelection, expect: WritePlan['expect'], withOthers: boolean) {
    this.plan = emptyPlan({ datasetId, modelId, selection, expect });
    this.deleted = withOthers ? new Map() : null;
  }

  del(item: number, tag: string): void {
    this.plan.del.item.push(item);
    this.plan.del.tag.push(tag);
    this.touched.add(item);
    if (!this.deleted) return;
    let d = this.deleted.get(item);
    if (!d) this.deleted.set(item, (d = new Set()));
    d.add(tag);
  }

  put(item: number, tag: string, source: string, score: number, position: number): void {
    const p = this.plan.put;
    p.item.push(item);
    p.tag.push(tag);
    p.source.push(source);
    p.score.push(score);
    p.position.push(position);
    this.touched.add(item);
  }

  move(item: number, tag: string, score: number, position: number, oldScore: number | null): void {
    const m = this.plan.move;
    m.item.push(item);
    m.tag.push(tag);
    m.score.push(score);
    m.position.push(position);
    m.oldScore.push(oldScore ?? 0);
    this.touched.add(item);
  }
}

/**
 * What re-slicing the dataset with `selection` changes in its tag rows, as a plan for writePlan (no writes here).
 * An item's rows are what its scores yield under the applied settings (tagger_selections), so the change is the
 * difference of two selections, each a pure function of the stored scores; items scored since the last write
 * (tagger_unwritten) or that a write in chunks had not reached yet (tagger_pending), or every item before the
 * first, are compared with their rows instead. Positions depend on
 * scores only, so a threshold move is only inserts and deletes; a move of a threshold alone is found from the
 * scores between the two thresholds (thresholdBand), without selecting the items again. A tag this model drops
 * that another applied model selects is written back as that model's (the table holds one row per tag and item).
 */
export function planReslice(
  db: Db,
  scores: ScoreStore,
  selections: SelectionStore,
  datasetId: number,
  modelId: string,
  selection: TagSelection,
  last?: LastApplied,
): Planned {
  const inputs = readInputs(db, scores, datasetId, modelId);
  const prepared = prepareSelection(inputs.vocab, selection);
  const applied = selections.applied(datasetId, modelId);
  const was = applied === null ? null : tagSelectionSchema.safeParse(JSON.parse(applied));
  // Settings that no longer parse say nothing about the rows: they are read back.
  const before = was?.success ? prepareSelection(inputs.vocab, was.data) : null;
  const unwritten = new Set(
    db
      .prepare(`SELECT u.item_id FROM tagger_unwritten u JOIN items i ON i.id = u.item_id WHERE u.model_id = ? AND i.dataset_id = ?
        UNION SELECT p.item_id FROM tagger_pending p JOIN items i ON i.id = p.item_id WHERE p.model_id = ? AND i.dataset_id = ?`)
      .pluck()
      .all(modelId, datasetId, modelId, datasetId) as number[],
  );
  const models = scores.models();
  const others = selections.list(datasetId).filter((o) => o.modelId !== modelId && o.applied && models.includes(o.modelId));
  const b = new PlanBuilder(datasetId, modelId, selection, { scoreGen: inputs.scoreGen, settings: applied }, others.length > 0);
  const current = last && before && last.scoreGen === inputs.scoreGen && last.settings === applied && last.vocab === inputs.vocab ? last : null;
  const base = { scoreGen: inputs.scoreGen, settings: JSON.stringify(selection), vocab: inputs.vocab, ids: inputs.ids, suppressed: inputs.suppressed };

  const band = current && before && unwritten.size === 0 && sameIds(current.ids, inputs.ids) && sameSuppressions(current, inputs) ? thresholdBand(before.settings, selection) : null;
  let next: LastApplied;
  if (current && band) {
    const counts = cloneCounts(current.counts);
    for (const item of inputs.ids) {
      const s = inputs.scores.get(item)!;
      bandChanges(prepared, band, s, inputs.suppressed.get(item), (k, adding) => {
        const i = s.idx[k]!;
        if (adding) b.put(item, prepared.display[i]!, modelId, s.score[k]!, tagPosition(prepared, i, s.score[k]!));
        else b.del(item, prepared.display[i]!);
        countChange(counts, prepared, item, i, adding ? 1 : -1);
      });
    }
    for (const item of b.touched) if (counts.perItem.get(item) === 0) b.plan.mayEmpty.push(item);
    next = { ...base, counts, picked: null };
  } else {
    const items = new Map<number, IndexSelection>();
    for (const id of inputs.ids) items.set(id, selectIndices(prepared, inputs.scores.get(id)!, inputs.suppressed.get(id)));
    const picked = diffSelections(db, b, inputs, items, prepared, before, unwritten, current);
    next = { ...base, counts: selectionCounts(prepared, items), picked };
  }
  if (b.deleted) restoreOthers(scores, others, inputs.suppressed, datasetId, b);
  return { plan: b.plan, stats: next.counts.stats, next };
}

function sameSuppressions(last: LastApplied, inputs: Inputs): boolean {
  if (last.suppressed.size !== inputs.suppressed.size) return false;
  for (const [id, s] of inputs.suppressed) if (!sameSet(last.suppressed.get(id), s)) return false;
  return true;
}

function cloneCounts(c: SelectionCounts): SelectionCounts {
  return { stats: { ...c.stats, byCategory: { ...c.stats.byCategory } }, perIndex: c.perIndex.slice(), perItem: new Map(c.perItem) };
}

/** Plans each item's change from its previous selection (or its rows); returns the new selections as pairs. */
function diffSelections(
  db: Db,
  b: PlanBuilder,
  inputs: Inputs,
  items: Map<number, IndexSelection>,
  prepared: PreparedSelection,
  before: PreparedSelection | null,
  unwritten: Set<number>,
  last: LastApplied | null,
): Map<number, Int32Array> {
  const modelId = b.plan.modelId;
  const readRows = db.prepare('SELECT tag, score, position FROM tags WHERE item_id = ? AND source = ?').raw();
  const byIndex = before !== null && before.display === prepared.display;
  const mark = new Int32Array(prepared.vocab.names.length);
  const markPos = new Int32Array(prepared.vocab.names.length);
  let stamp = 0;
  /** Against rows (read back, or a selection under other tag-text settings): matched by text. */
  const diffRows = (item: number, sel: IndexSelection, rows: RowsByText): void => {
    for (let k = 0; k < sel.idx.length; k++) {
      const tag = prepared.display[sel.idx[k]!]!;
      const cur = rows.get(tag);
      rows.delete(tag);
      if (!cur) b.put(item, tag, modelId, sel.score[k]!, sel.position[k]!);
      else if (cur.position !== sel.position[k] || cur.score !== sel.score[k]) b.move(item, tag, sel.score[k]!, sel.position[k]!, cur.score);
    }
    for (const tag of rows.keys()) b.del(item, tag);
  };
  /** Against the previous selection under the same tag texts (index, position pairs): matched by output index. */
  const diffIndices = (item: number, sel: IndexSelection, prev: Int32Array): void => {
    stamp++;
    for (let k = 0; k < prev.length; k += 2) {
      mark[prev[k]!] = stamp;
      markPos[prev[k]!] = prev[k + 1]!;
    }
    for (let k = 0; k < sel.idx.length; k++) {
      const i = sel.idx[k]!;
      if (mark[i] !== stamp) b.put(item, prepared.display[i]!, modelId, sel.score[k]!, sel.position[k]!);
      else {
        mark[i] = 0;
        if (markPos[i] !== sel.position[k]) b.move(item, prepared.display[i]!, sel.score[k]!, sel.position[k]!, sel.score[k]!);
      }
    }
    for (let k = 0; k < prev.length; k += 2) if (mark[prev[k]!] === stamp) b.del(item, prepared.display[prev[k]!]!);
  };

  const picked = new Map<number, Int32Array>();
  for (const [item, sel] of items) {
    if (sel.idx.length === 0) b.plan.mayEmpty.push(item);
    if (before === null || unwritten.has(item)) {
      const rows: RowsByText = new Map();
      for (const [tag, score, position] of readRows.all(item, modelId) as [string, number | null, number][]) rows.set(tag, { score, position });
      diffRows(item, sel, rows);
      if (unwritten.has(item)) b.plan.written.push(item);
      picked.set(item, pairsOf(sel));
      continue;
    }
    const kept = last?.picked && sameSet(last.suppressed.get(item), inputs.suppressed.get(item)) ? last.picked.get(item) : undefined;
    if (byIndex && kept) {
      diffIndices(item, sel, kept);
      // An unchanged selection keeps its pairs.
      picked.set(item, b.touched.has(item) ? pairsOf(sel) : kept);
      continue;
    }
    const prev = selectIndices(before, inputs.scores.get(item)!, inputs.suppressed.get(item));
    if (byIndex) diffIndices(item, sel, pairsOf(prev));
    else diffRows(item, sel, rowsOf(before, prev));
    picked.set(item, pairsOf(sel));
  }
  return picked;
}

/** Puts back, as another applied model's, each deleted tag that model selects for the item: its own insert was
 * ignored while this model's row held the tag. */
function restoreOthers(
  scores: ScoreStore,
  others: { modelId: string; selection: TagSelection }[],
  suppressed: Map<number, Set<string>>,
  datasetId: number,
  b: PlanBuilder,
): void {
  for (const other of others) {
    const p = prepareSelection(scores.vocab(other.modelId), other.selection);
    const theirs = scores.datasetScores(datasetId, other.modelId).items;
    for (const [item, tags] of b.deleted!) {
      const s = theirs.get(item);
      if (!s) continue;
      const sel = selectIndices(p, s, suppressed.get(item));
      for (let k = 0; k < sel.idx.length; k++) {
        const tag = p.display[sel.idx[k]!]!;
        if (tags.has(tag)) b.put(item, tag, other.modelId, sel.score[k]!, sel.position[k]!);
      }
    }
  }
}
