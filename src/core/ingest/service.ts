import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { CoreContext } from '../app/context';
import { workerScript } from '../util/package-root';
import { MAX_PIXELS, type ProbeRequest, type ProbeResult } from '../media';
import { WorkerPool } from '../workers';
import { ItemEvents } from './item-events';
import { FolderWatchers } from './watch';

/** How the ingest worker uses the machine: one thread is enough for the JavaScript part (hashing a 12 MP JPEG takes
 * about a millisecond), while libvips decodes `parallel` pictures at once (one per core, at most 4: libuv's default
 * thread pool runs sharp's work) with `vipsThreads` threads each when there are cores to spare. Fewer threads also
 * mean fewer glibc malloc arenas, which is what holds most of a sharp process's memory. */
export function ingestParallelism(cores: number): { parallel: number; vipsThreads: number } {
  const parallel = Math.max(1, Math.min(4, cores));
  return { parallel, vipsThreads: Math.max(1, Math.floor(cores / parallel)) };
}

/** What imports and folder watchers share: the worker pool, the batched item events and the watchers. */
export class IngestService {
  readonly events: ItemEvents;
  readonly watchers: FolderWatchers;
  /** Set when the host keeps folders in sync (long-lived hosts do; one-shot CLI runs do not). */
  watching = false;
  private poolInstance: WorkerPool<ProbeRequest, ProbeResult> | null = null;
  private readonly parallelism = ingestParallelism(availableParallelism());

  constructor(readonly core: CoreContext) {
    this.events = new ItemEvents(core.bus);
    this.watchers = new FolderWatchers(this);
  }

  get pool(): WorkerPool<ProbeRequest, ProbeResult> {
    const { parallel, vipsThreads } = this.parallelism;
    this.poolInstance ??= new WorkerPool(workerScript('renditions'), { size: 1, tasksPerWorker: parallel, workerData: { vipsThreads } });
    return this.poolInstance;
  }

  /** The folder of content-addressed renditions, which imports must never walk into. */
  get renditionsDir(): string {
    return join(this.core.dataDir, 'renditions');
  }

  /** Hash, probe and renditions of one file, in the pool. Never throws: a crash becomes an INTERNAL item error. */
  async probe(path: string): Promise<ProbeResult> {
    try {
      return await this.pool.run({ path, dataDir: this.core.dataDir, maxPixels: MAX_PIXELS });
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
