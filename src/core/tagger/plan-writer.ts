import type { CoreContext } from '../app/context';
import { workerScript } from '../util/package-root';
import { WorkerPool } from '../workers';
import { writePlan, type WritePlan, type WriteResult } from './reslice-write';

/** Below this many row changes a plan is written on the core's thread: the hop to the writer costs more. */
const INLINE_ROWS = 2000;

/**
 * Writes re-slice plans. A large one (a big threshold move, the first write after tagging: up to hundreds of
 * thousands of rows, seconds) goes to a worker thread with its own connection to the store, so the core's event
 * loop keeps answering meanwhile; reads see the store as it was until the write commits.
 */
export class PlanWriter {
  private pool: WorkerPool<{ file: string; plan: WritePlan }, WriteResult> | null = null;

  constructor(private readonly core: CoreContext) {
    core.onClose(() => this.pool?.close());
  }

  write(plan: WritePlan): Promise<WriteResult> | WriteResult {
    const rows = plan.del.item.length + plan.put.item.length + plan.move.item.length;
    if (rows < INLINE_ROWS || this.core.db.memory) return writePlan(this.core.db, plan);
    this.pool ??= new WorkerPool(workerScript('tagger-write'), { size: 1, idleTimeoutMs: 60_000 });
    return this.pool.run({ file: this.core.db.name, plan });
  }
}
