import type { Db } from '../store';
import { workerScript } from '../util/package-root';
import { WorkerPool } from '../workers';
import { TextIndex, type TextIndexData } from './text-index';
import { changesSince, pruneTextChanges, readItemTexts } from './text-index-source';
import type { BuildTask } from './text-index.worker';

export interface TextIndexesOptions {
  /** Datasets held at once; the least recently listed one goes first. */
  maxDatasets?: number;
  /** Changed items a query catches up on in place; beyond, the index is rebuilt off-thread. */
  catchUpMax?: number;
  /** Changed items an index carries before it is rebuilt in the background (queries stay on it meanwhile). */
  rebuildAfter?: number;
  /** text_changes rows kept. */
  keepLog?: number;
}

interface Entry {
  index: TextIndex | null;
  building: Promise<void> | null;
  failedAt: number;
  error: unknown;
}

/** A failed build is tried again after this long, not on every listing. */
const RETRY_MS = 30_000;

/**
 * The text indexes of the datasets being listed (long-lived hosts only: a build reads the whole dataset). Built in
 * a worker thread on first use; until then, and while one is rebuilt after a flood of changes, the listing runs
 * its SQL path. Every query first catches the index up from the store's text_changes log, so it is never stale.
 */
export class TextIndexes {
  private readonly entries = new Map<number, Entry>();
  private readonly maxDatasets: number;
  private readonly catchUpMax: number;
  private readonly rebuildAfter: number;
  private readonly keepLog: number;
  private pool: WorkerPool<BuildTask, TextIndexData> | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly file: string,
    opts: TextIndexesOptions = {},
  ) {
    this.maxDatasets = opts.maxDatasets ?? 3;
    this.catchUpMax = opts.catchUpMax ?? 5000;
    this.rebuildAfter = opts.rebuildAfter ?? 20_000;
    this.keepLog = opts.keepLog ?? 100_000;
  }

  /** The dataset's index, caught up with the store; null while it is being built. */
  current(datasetId: number): TextIndex | null {
    const e = this.entry(datasetId);
    if (e.index) {
      const index = e.index;
      const changes = changesSince(this.db, datasetId, index.cursor, this.catchUpMax, (id) => index.holds(id));
      if (!changes) e.index = null;
      else {
        const { listed, gone } = changes.ids.length ? readItemTexts(this.db, datasetId, changes.ids) : { listed: [], gone: [] };
        index.apply(listed, gone, changes.head);
      }
    }
    if (!e.index || e.index.changedCount > this.rebuildAfter) this.build(datasetId, e);
    return e.index;
  }

  /** Starts building the dataset's index if it has none: a dataset is listed before it is searched, so the index
   * is usually ready by the first search. */
  prepare(datasetId: number): void {
    const e = this.entry(datasetId);
    if (!e.index) this.build(datasetId, e);
  }

  /** Whether the dataset's index is built (it may still have changes to catch up on). */
  isBuilt(datasetId: number): boolean {
    return this.entries.get(datasetId)?.index != null;
  }

  /** Resolves once the dataset has an index (benchmarks and tests; a listing never waits for one). */
  async warm(datasetId: number): Promise<void> {
    this.current(datasetId);
    const e = this.entry(datasetId);
    await e.building;
    if (!e.index) throw e.error instanceof Error ? e.error : new Error(`The text index of dataset ${datasetId} was not built.`);
  }

  /** Stops a build under way rather than waiting for it (a host quitting has no use for it). */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.close();
    await Promise.all([...this.entries.values()].map((e) => e.building));
  }

  private entry(datasetId: number): Entry {
    let e = this.entries.get(datasetId);
    if (e) this.entries.delete(datasetId);
    else e = { index: null, building: null, failedAt: -Infinity, error: null };
    this.entries.set(datasetId, e);
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.maxDatasets) break;
      this.entries.delete(id);
    }
    return e;
  }

  private build(datasetId: number, e: Entry): void {
    if (e.building || this.closed || Date.now() - e.failedAt < RETRY_MS) return;
    this.pool ??= new WorkerPool(workerScript('text-index'), { size: 1, idleTimeoutMs: 60_000 });
    e.building = this.pool
      .run({ file: this.file, datasetId })
      .then(
        (data) => {
          // Whatever changed while it was built, the next query catches up on from its cursor.
          e.index = new TextIndex(data);
          e.error = null;
          try {
            if (!this.closed) pruneTextChanges(this.db, this.keepLog);
          } catch {
            // A store busy past its timeout skips this prune; the next build or start-up does it.
          }
        },
        (err: unknown) => {
          e.failedAt = Date.now();
          e.error = err;
        },
      )
      .finally(() => {
        e.building = null;
      });
  }
}
