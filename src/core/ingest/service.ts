import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CoreContext } from '../app/context';
import { workerScript } from '../util/package-root';
import { WorkerPool } from '../workers';
import { MAX_PIXELS } from './item-errors';
import { ItemEvents } from './item-events';
import type { ProbeRequest, ProbeResult } from './probe';
import { FolderWatchers } from './watch';

export interface IngestOptions {
  /** Worker threads for hashing, probing and renditions. Default: one per core, at most 8. */
  workers?: number;
  maxPixels?: number;
}

/** What imports and folder watchers share: the worker pool, the batched item events and the watchers. */
export class IngestService {
  readonly events: ItemEvents;
  readonly watchers: FolderWatchers;
  readonly maxPixels: number;
  /** Set when the host keeps folders in sync (long-lived hosts do; one-shot CLI runs do not). */
  watching = false;
  private poolInstance: WorkerPool<ProbeRequest, ProbeResult> | null = null;
  private readonly workers: number;

  constructor(
    readonly core: CoreContext,
    opts: IngestOptions = {},
  ) {
    this.workers = opts.workers ?? Math.min(8, availableParallelism());
    this.maxPixels = opts.maxPixels ?? MAX_PIXELS;
    this.events = new ItemEvents(core.bus);
    this.watchers = new FolderWatchers(this);
  }

  get pool(): WorkerPool<ProbeRequest, ProbeResult> {
    // Two tasks per worker: while one waits on libvips (which runs on libuv's threads), the other hashes.
    this.poolInstance ??= new WorkerPool(workerScript('ingest'), { size: this.workers, tasksPerWorker: 2 });
    return this.poolInstance;
  }

  /** The folder of content-addressed renditions, which imports must never walk into. */
  get renditionsDir(): string {
    return join(this.core.dataDir, 'renditions');
  }

  /** Hash, probe and renditions of one file, in the pool. Never throws: a crash becomes an INTERNAL item error. */
  async probe(path: string): Promise<ProbeResult> {
    try {
      return await this.pool.run({ path, dataDir: this.core.dataDir, maxPixels: this.maxPixels });
    } catch (err) {
      return {
        byteSize: null, mtimeMs: null, sha256: null, width: null, height: null, format: null, orientation: null, renditions: [],
        error: { code: 'INTERNAL', message: `Processing failed unexpectedly: ${(err as Error).message}` },
      };
    }
  }

  async close(): Promise<void> {
    await this.watchers.close();
    this.events.flush();
    await this.poolInstance?.close();
  }
}
