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

/** A dataset's stored scores from one model, as of the model's score generation `gen`. */
export interface DatasetScores {
  gen: number;
  items: Map<number, ItemScores>;
}

interface Entry extends DatasetScores {
  sha: string;
  bytes: number;
}

/** Decoded scores kept in memory at most by default (a 100,000-item dataset's are ~120 MB); the least recently
 * used dataset goes first, the last one read always stays. */
const CACHE_BYTES = 256 * 1024 * 1024;
/** Map and typed-array overhead of one cached item, beyond its 8 bytes per score. */
const ITEM_OVERHEAD = 200;

/**
 * Stored scores and vocabularies. Decoded scores are cached per dataset and model, so re-slicing after a slider
 * move reads nothing but two small rows: each read checks the model's vocab_sha and score_gen (bumped by every
 * score write, in any process), so scores written by another process (`atelier tag` while `serve` runs) are
 * seen at once.
 */
export class ScoreStore {
  private readonly vocabs = new Map<string, { sha: string; vocab: Vocab }>();
  /** In use order, least recent first. */
  private readonly cache = new Map<string, Entry>();
  private cachedBytes = 0;
  private readonly scoring = new Map<number, { stamp: string; models: string[] }>();

  private readonly cacheLimit: number;

  constructor(
    private readonly db: Db,
    opts: { cacheBytes?: number } = {},
  ) {
    this.cacheLimit = opts.cacheBytes ?? CACHE_BYTES;
  }

  static vocabSha(v: Vocab): string {
    const h = createHash('sha256');
    v.names.forEach((n, i) => h.update(`${n}\u0001${v.codes[i]}\n`));
    return h.digest('hex');
  }

  private state(modelId: string): { sha: string; gen: number } | undefined {
    return this.db.prepare('SELECT vocab_sha AS sha, score_gen AS gen FROM tagger_models WHERE id = ?').get(modelId) as
      | { sha: string; gen: number }
      | undefined;
  }

  /** Registers a model's vocabulary; when it differs from the stored one, the model's old scores are dropped
   * (their output indices no longer mean the same tags). Returns true when old scores were dropped. */
  registerModel(modelId: string, vocab: Vocab): boolean {
    const sha = ScoreStore.vocabSha(vocab);
    const cur = this.state(modelId);
    if (cur?.sha === sha) return false;
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM tagger_models WHERE id = ?').run(modelId);
      this.db
        .prepare('INSERT INTO tagger_models (id, vocab_sha, tag_count, score_gen) VALUES (?, ?, ?, ?)')
        .run(modelId, sha, vocab.names.length, (cur?.gen ?? 0) + 1);
      const put = this.db.prepare('INSERT INTO tagger_vocab (model_id, tag_index, name, category, post_count) VALUES (?, ?, ?, ?, ?)');
      vocab.names.forEach((n, i) => put.run(modelId, i, n, vocab.codes[i], vocab.postCounts[i]));
    })();
    this.vocabs.set(modelId, { sha, vocab });
    this.invalidate(modelId);
    return cur !== undefined;
  }

  vocab(modelId: string): Vocab {
    const st = this.state(modelId);
    if (!st) throw new AppError('NOT_FOUND', `No scores from model "${modelId}" are stored: tag the dataset with it first.`);
    const hit = this.vocabs.get(modelId);
    if (hit?.sha === st.sha) return hit.vocab;
    const rows = this.db
      .prepare('SELECT name, category, post_count FROM tagger_vocab WHERE model_id = ? ORDER BY tag_index')
      .all(modelId) as VocabRow[];
    const v: Vocab = {
      names: rows.map((r) => r.name),
      codes: Uint8Array.from(rows, (r) => r.category),
      postCounts: Int32Array.from(rows, (r) => r.post_count),
    };
    this.vocabs.set(modelId, { sha: st.sha, vocab: v });
    return v;
  }

  /** Model ids whose vocabularies are stored. */
  models(): string[] {
    return this.db.prepare('SELECT id FROM tagger_models ORDER BY id').pluck().all() as string[];
  }

  /** Writes scores of many items in one transaction. Their tag rows no longer follow from the applied settings
   * (tagger_unwritten) until the next re-slice reads them back. */
  putScores(modelId: string, rows: { itemId: number; scores: ItemScores }[]): void {
    if (!rows.length) return;
    const put = this.db.prepare(`INSERT INTO tagger_scores (item_id, model_id, scores) VALUES (?, ?, ?)
      ON CONFLICT (item_id, model_id) DO UPDATE SET scores = excluded.scores`);
    const unwritten = this.db.prepare('INSERT OR IGNORE INTO tagger_unwritten (item_id, model_id) VALUES (?, ?)');
    const { gen, datasets } = this.db.transaction(() => {
      for (const r of rows) {
        put.run(r.itemId, modelId, encodeScores(r.scores));
        unwritten.run(r.itemId, modelId);
      }
      return {
        gen: this.db.prepare('UPDATE tagger_models SET score_gen = score_gen + 1 WHERE id = ? RETURNING score_gen').pluck().get(modelId) as number,
        datasets: new Set(
          this.db
            .prepare('SELECT DISTINCT dataset_id FROM items WHERE id IN (SELECT value FROM json_each(?))')
            .pluck()
            .all(JSON.stringify(rows.map((r) => r.itemId))) as number[],
        ),
      };
    })();
    // Entries that were current stay current: the rows are added to their datasets' entries.
    for (const [key, e] of [...this.cache]) {
      const [ds, model] = splitKey(key);
      if (model !== modelId) continue;
      if (e.gen !== gen - 1) {
        this.drop(key);
        continue;
      }
      e.gen = gen;
      if (!datasets.has(ds)) continue;
      for (const r of rows) {
        const was = e.items.get(r.itemId);
        e.items.set(r.itemId, r.scores);
        this.resize(e, itemBytes(r.scores) - (was ? itemBytes(was) : 0));
      }
    }
    this.evict();
  }

  /** Items of the set already scored by the model. */
  scoredAmong(modelId: string, itemIds: number[]): Set<number> {
    const q = this.db.prepare('SELECT item_id FROM tagger_scores WHERE model_id = ? AND item_id = ?').pluck();
    return new Set(itemIds.filter((id) => q.get(modelId, id) !== undefined));
  }

  /** Stored scores of the model for the dataset's items (may also hold items that left it: look up by the
   * dataset's current ids). */
  datasetScores(datasetId: number, modelId: string): DatasetScores {
    const key = `${datasetId}\u0000${modelId}`;
    const st = this.state(modelId);
    const hit = this.cache.get(key);
    if (hit && st && hit.gen === st.gen && hit.sha === st.sha) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    if (hit) this.drop(key);
    const rows = this.db
      .prepare(`SELECT s.item_id, s.scores FROM tagger_scores s JOIN items i ON i.id = s.item_id
        WHERE i.dataset_id = ? AND s.model_id = ? AND i.status != 'missing' ORDER BY s.item_id`)
      .raw()
      .all(datasetId, modelId) as [number, Buffer][];
    const e: Entry = { gen: st?.gen ?? 0, sha: st?.sha ?? '', items: new Map(), bytes: 0 };
    for (const [id, blob] of rows) {
      const s = decodeScores(blob);
      e.items.set(id, s);
      e.bytes += itemBytes(s);
    }
    this.cache.set(key, e);
    this.cachedBytes += e.bytes;
    this.evict();
    return e;
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

  /** The models that scored items of the dataset, as datasetModels lists them, kept until any model's scores
   * change (the tag tools ask on every keystroke; counting scans the dataset's scores). */
  scoringModels(datasetId: number): string[] {
    const stamp = JSON.stringify(this.db.prepare('SELECT id, score_gen FROM tagger_models ORDER BY id').raw().all());
    const hit = this.scoring.get(datasetId);
    if (hit?.stamp === stamp) return hit.models;
    const models = this.datasetModels(datasetId).map((m) => m.modelId);
    this.scoring.set(datasetId, { stamp, models });
    return models;
  }

  /** Decoded scores held in memory, in bytes (approximate). */
  cacheBytes(): number {
    return this.cachedBytes;
  }

  /** Forgets cached scores (all, or one model's). */
  invalidate(modelId?: string): void {
    for (const key of [...this.cache.keys()]) if (!modelId || splitKey(key)[1] === modelId) this.drop(key);
  }

  private drop(key: string): void {
    const e = this.cache.get(key);
    if (!e) return;
    this.cachedBytes -= e.bytes;
    this.cache.delete(key);
  }

  private resize(e: Entry, delta: number): void {
    e.bytes += delta;
    this.cachedBytes += delta;
  }

  private evict(): void {
    for (const key of this.cache.keys()) {
      if (this.cachedBytes <= this.cacheLimit || this.cache.size <= 1) return;
      this.drop(key);
    }
  }
}

function splitKey(key: string): [number, string] {
  const cut = key.indexOf('\u0000');
  return [Number(key.slice(0, cut)), key.slice(cut + 1)];
}

function itemBytes(s: ItemScores): number {
  return s.idx.length * 8 + ITEM_OVERHEAD;
}
