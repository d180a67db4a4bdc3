import { AppError } from '../../shared/errors';
import type { EditHistory, EditOp, EditResult, EditStep } from '../../shared/contract';
import type { Db } from '../store';
import { nowIso } from '../store';
import { computeChanges, playChange, type Change, type ItemDelta } from './apply';

/** Consecutive autosaves of one item's caption within this window make one undo step. */
export const COALESCE_MS = 5000;

interface StepRow {
  id: number;
  op: string;
  item_count: number;
  created_at: string;
  updated_ms: number;
}

/** Applies edits as undo steps and walks the persisted undo/redo log of each dataset. */
export class EditLog {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  apply(datasetId: number, itemIds: number[], op: EditOp, coalesce: boolean): EditResult {
    const ids = [...new Set(itemIds)];
    return this.db.transaction((): EditResult => {
      this.checkItems(datasetId, ids);
      const changes = computeChanges(this.db, ids, op);
      if (!changes.length) return { step: null, changed: 0, history: this.history(datasetId) };
      // A new edit ends the redo branch, as in every editor.
      this.db.prepare('DELETE FROM edit_steps WHERE dataset_id = ? AND undone = 1').run(datasetId);
      for (const c of changes) playChange(this.db, c, 'forward');
      const merged = coalesce && ids.length === 1 ? this.coalesce(datasetId, op, changes[0]!) : undefined;
      const stepId = merged === undefined ? this.record(datasetId, op, changes) : merged;
      return { step: stepId === null ? null : this.step(stepId), changed: changes.length, history: this.history(datasetId) };
    }).immediate();
  }

  undo(datasetId: number): EditResult {
    return this.walk(datasetId, 'back');
  }

  redo(datasetId: number): EditResult {
    return this.walk(datasetId, 'forward');
  }

  history(datasetId: number): EditHistory {
    const count = this.db.prepare('SELECT COUNT(*) FROM edit_steps WHERE dataset_id = ? AND undone = ?').pluck();
    const undo = this.top(datasetId, 'back');
    const redo = this.top(datasetId, 'forward');
    return {
      datasetId,
      undo: undo ? toStep(undo) : null,
      redo: redo ? toStep(redo) : null,
      undoDepth: count.get(datasetId, 0) as number,
      redoDepth: count.get(datasetId, 1) as number,
    };
  }

  private walk(datasetId: number, direction: 'forward' | 'back'): EditResult {
    return this.db.transaction((): EditResult => {
      const row = this.top(datasetId, direction);
      if (!row) return { step: null, changed: 0, history: this.history(datasetId) };
      const changes = this.changes(row.id);
      // Undo plays the step's changes in reverse order so overlapping writes unwind correctly.
      for (const c of direction === 'back' ? [...changes].reverse() : changes) playChange(this.db, c, direction);
      this.db.prepare('UPDATE edit_steps SET undone = ? WHERE id = ?').run(direction === 'back' ? 1 : 0, row.id);
      return { step: toStep(row), changed: changes.length, history: this.history(datasetId) };
    }).immediate();
  }

  /** Undo's next step is the newest done one; redo's the oldest undone one. */
  private top(datasetId: number, direction: 'forward' | 'back'): StepRow | undefined {
    const sql =
      direction === 'back'
        ? 'SELECT * FROM edit_steps WHERE dataset_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1'
        : 'SELECT * FROM edit_steps WHERE dataset_id = ? AND undone = 1 ORDER BY id ASC LIMIT 1';
    return this.db.prepare(sql).get(datasetId) as StepRow | undefined;
  }

  private record(datasetId: number, op: EditOp, changes: Change[]): number {
    const info = this.db
      .prepare('INSERT INTO edit_steps (dataset_id, op, item_count, created_at, updated_ms) VALUES (?, ?, ?, ?, ?)')
      .run(datasetId, JSON.stringify(op), changes.length, nowIso(), this.now());
    const stepId = Number(info.lastInsertRowid);
    const put = this.db.prepare('INSERT INTO edit_changes (step_id, item_id, delta) VALUES (?, ?, ?)');
    for (const c of changes) put.run(stepId, c.itemId, JSON.stringify(c.delta));
    return stepId;
  }

  /** Folds a caption autosave into the previous step when it edits the same item's caption moments later.
   * Returns the step now holding the edit (null when the edits cancelled out), or undefined to record anew. */
  private coalesce(datasetId: number, op: EditOp, change: Change): number | null | undefined {
    if (op.kind !== 'setCaption' || !change.delta.caption) return undefined;
    const top = this.top(datasetId, 'back');
    if (!top || top.item_count !== 1 || this.now() - top.updated_ms > COALESCE_MS) return undefined;
    if ((JSON.parse(top.op) as EditOp).kind !== 'setCaption') return undefined;
    const [prev] = this.changes(top.id);
    if (!prev || prev.itemId !== change.itemId || !prev.delta.caption) return undefined;
    const before = prev.delta.caption.before;
    const after = change.delta.caption.after;
    if ((before?.text ?? '') === (after?.text ?? '')) {
      this.db.prepare('DELETE FROM edit_steps WHERE id = ?').run(top.id);
      return null;
    }
    const delta: ItemDelta = { caption: { before, after } };
    this.db.prepare('UPDATE edit_changes SET delta = ? WHERE step_id = ? AND item_id = ?').run(JSON.stringify(delta), top.id, change.itemId);
    this.db.prepare('UPDATE edit_steps SET op = ?, updated_ms = ? WHERE id = ?').run(JSON.stringify(op), this.now(), top.id);
    return top.id;
  }

  private changes(stepId: number): Change[] {
    const rows = this.db.prepare('SELECT item_id, delta FROM edit_changes WHERE step_id = ? ORDER BY item_id').all(stepId) as {
      item_id: number;
      delta: string;
    }[];
    return rows.map((r) => ({ itemId: r.item_id, delta: JSON.parse(r.delta) as ItemDelta }));
  }

  private step(id: number): EditStep {
    return toStep(this.db.prepare('SELECT * FROM edit_steps WHERE id = ?').get(id) as StepRow);
  }

  private checkItems(datasetId: number, ids: number[]): void {
    const found = this.db
      .prepare("SELECT COUNT(*) FROM items WHERE dataset_id = ? AND status != 'missing' AND id IN (SELECT value FROM json_each(?))")
      .pluck()
      .get(datasetId, JSON.stringify(ids)) as number;
    if (found !== ids.length) {
      throw new AppError(
        'NOT_FOUND',
        `${ids.length - found} of the ${ids.length} selected items are no longer in this dataset (removed or missing). Refresh the view and try again.`,
      );
    }
  }
}

function toStep(r: StepRow): EditStep {
  return { id: r.id, op: JSON.parse(r.op) as EditOp, itemCount: r.item_count, createdAt: r.created_at };
}
