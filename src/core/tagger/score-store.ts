import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { Db } from '../store';
import type { ItemScores, Vocab } from './select';
import { decodeScores, encodeScores } from './scores-codec';

interface VocabRow {
  name: string;
  category: number;
  post_count: number;
}

/** Stored scores and vocabularies. Decoded scores are cached per dataset and model: re-slicing after a slider
 * move then reads nothing from the store. */
export class ScoreStore {
  private readonly vocabs = new Map<string, Vocab>();
  private readonly cache = new Map<string, Map<number, ItemScores>>();

  constructor(private readonly db: Db) {}

  static vocabSha(v: Vocab): string {
    const h = createHash('sha256');
    v.names.forEach((n, i) => h.update(`${n}\u0001${v.codes[i]}\n`));
    return h.digest('hex');
  }

  /** Registers a model's vocabulary; when it differs from the stored one, the model's old scores are dropped
   * (their output indices no longer mean the same tags). Returns true when old scores were dropped. */
  registerModel(modelId: string, vocab: Vocab): boolean {
    const sha = ScoreStore.vocabSha(vocab);
    const cur = this.db.prepare('SELECT vocab_sha FROM tagger_models WHERE id = ?').pluck().get(modelId) as string | undefined;
    if (cur === sha) return false;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM tagger_models WHERE id = ?').run(modelId);
      this.db.prepare('DELETE FROM tagger_applied WHERE model_id = ?').run(modelId);
      this.db.prepare('INSERT INTO tagger_models (id, vocab_sha, tag_count) VALUES (?, ?, ?)').run(modelId, sha, vocab.names.length);
      const put = this.db.prepare('INSERT INTO tagger_vocab (model_id, tag_index, name, category, post_count) VALUES (?, ?, ?, ?, ?)');
      vocab.names.forEach((n, i) => put.run(modelId, i, n, vocab.codes[i], vocab.postCounts[i]));
    })();
    this.vocabs.set(modelId, vocab);
    this.invalidate(modelId);
    return cur !== undefined;
  }

  vocab(modelId: string): Vocab {
    const hit = this.vocabs.get(modelId);
    if (hit) return hit;
    const rows = this.db
      .prepare('SELECT name, category, post_count FROM tagger_vocab WHERE model_id = ? ORDER BY tag_index')
      .all(modelId) as VocabRow[];
    if (!rows.length) throw new AppError('NOT_FOUND', `No scores from model "${modelId}" are stored: tag the dataset with it first.`);
    const v: Vocab = {
      names: rows.map((r) => r.name),
      codes: Uint8Array.from(rows, (r) => r.category),
      postCounts: Int32Array.from(rows, (r) => r.post_count),
    };
    this.vocabs.set(modelId, v);
    return v;
  }

  /** Model ids whose vocabularies are stored. */
  models(): string[] {
    return this.db.prepare('SELECT id FROM tagger_models ORDER BY id').pluck().all() as string[];
  }

  /** Writes scores of many items in one transaction. */
  putScores(modelId: string, rows: { itemId: number; scores: ItemScores }[]): void {
    if (!rows.length) return;
    const put = this.db.prepare(`INSERT INTO tagger_scores (item_id, model_id, scores) VALUES (?, ?, ?)
      ON CONFLICT (item_id, model_id) DO UPDATE SET scores = excluded.scores`);
    this.db.transaction(() => {
      for (const r of rows) put.run(r.itemId, modelId, encodeScores(r.scores));
    })();
    // Cached maps are only ever read through the dataset's current item ids, so an entry for another
    // dataset's item is harmless.
    for (const [key, m] of this.cache) if (key.endsWith(`\u0000${modelId}`)) for (const r of rows) m.set(r.itemId, r.scores);
  }

  /** Items of the set already scored by the model. */
  scoredAmong(modelId: string, itemIds: number[]): Set<number> {
    const q = this.db.prepare('SELECT item_id FROM tagger_scores WHERE model_id = ? AND item_id = ?').pluck();
    return new Set(itemIds.filter((id) => q.get(modelId, id) !== undefined));
  }

  /** Stored scores of the model for the dataset's items (may also hold items that left it: look up by the
   * dataset's current ids). */
  datasetScores(datasetId: number, modelId: string): Map<number, ItemScores> {
    const key = `${datasetId}\u0000${modelId}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const rows = this.db
      .prepare(`SELECT s.item_id, s.scores FROM tagger_scores s JOIN items i ON i.id = s.item_id
        WHERE i.dataset_id = ? AND s.model_id = ? AND i.status != 'missing' ORDER BY s.item_id`)
      .raw()
      .all(datasetId, modelId) as [number, Buffer][];
    const m = new Map<number, ItemScores>();
    for (const [id, blob] of rows) m.set(id, decodeScores(blob));
    this.cache.set(key, m);
    return m;
  }

  itemScores(itemId: number): { modelId: string; scores: ItemScores }[] {
    const rows = this.db.prepare('SELECT model_id, scores FROM tagger_scores WHERE item_id = ? ORDER BY model_id').raw().all(itemId) as [string, Buffer][];
    return rows.map(([modelId, blob]) => ({ modelId, scores: decodeScores(blob) }));
  }

  /** Models with scores for the dataset's items, and how many items each scored. */
  datasetModels(datasetId: number): { modelId: string; scoredItems: number }[] {
    return this.db
      .prepare(`SELECT s.model_id AS modelId, COUNT(*) AS scoredItems FROM tagger_scores s JOIN items i ON i.id = s.item_id
        WHERE i.dataset_id = ? AND i.status != 'missing' GROUP BY s.model_id ORDER BY s.model_id`)
      .all(datasetId) as { modelId: string; scoredItems: number }[];
  }

  /** Forgets cached scores (items added, removed or moved between datasets). */
  invalidate(modelId?: string): void {
    if (!modelId) this.cache.clear();
    else for (const key of [...this.cache.keys()]) if (key.endsWith(`\u0000${modelId}`)) this.cache.delete(key);
  }
}
