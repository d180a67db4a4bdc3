import type { CoreContext } from '../app/context';
import { workerScript } from '../util/package-root';
import { WorkerPool } from '../workers';
import { writePlan, type WritePlan, type WriteResult } from './reslice-write';
import type { WriteReply, WriteTask } from './tagger-write.worker';

/** Below this many row changes a plan is written on the core's thread: the hop to the writer costs more. */
const INLINE_ROWS = 2000;

/**
 * Writes re-slice plans. A large one (a big threshold move, the first write after tagging: up to hundreds of
 * thousands of rows, seconds) goes to a worker thread with its own connection to the store, so the core's event
 * loop keeps answering meanwhile. There it is written in chunks (SteppedWrite), one per message from here: the
 * next starts once this thread has taken the last one's answer, so a write that the core began meanwhile (ingest,
 * edits, job progress: it holds this thread while it waits for the lock) waits one chunk at most and goes first.
 */
export class PlanWriter {
  private pool: WorkerPool<WriteTask, WriteReply> | null = null;
  private writes = 0;

  constructor(private readonly core: CoreContext) {
    core.onClose(() => this.pool?.close());
  }

  write(plan: WritePlan): Promise<WriteResult> | WriteResult {
    const rows = plan.del.item.length + plan.put.item.length + plan.move.item.length;
    if (rows < INLINE_ROWS || this.core.db.memory) return writePlan(this.core.db, plan);
    return this.inSteps(plan);
  }

  private async inSteps(plan: WritePlan): Promise<WriteResult> {
    this.pool ??= new WorkerPool(workerScript('tagger-write'), { size: 1, idleTimeoutMs: 60_000 });
    const file = this.core.db.name;
    const id = ++this.writes;
    let res = await this.pool.run({ file, id, plan });
    const out: WriteResult = { stale: res.stale, changed: res.changed };
    while (res.left > 0) {
      res = await this.pool.run({ file, id, next: true });
      out.changed.push(...res.changed);
      out.stale ||= res.stale;
    }
    return out;
  }
}
