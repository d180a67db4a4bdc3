import type { SelectionStats, TagSelection } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../app/context';
import { planReslice } from './reslice';
import type { TaggerService } from './service';

export interface ApplyResult {
  changedItems: number;
  stats: SelectionStats;
  ms: number;
}

/** A plan made against a store that moved before it was written is made again, this many times at most. */
const ATTEMPTS = 5;
/** Datasets whose last selections are kept in memory (each ~35 bytes per selected tag). */
const KEPT = 2;

/**
 * Re-slices a dataset's tags from one model's stored scores with `selection` and saves it as applied; clients
 * hear which items changed. One apply at a time per dataset and model, each planned against what the one before
 * wrote.
 */
export function applySelection(core: CoreContext, svc: TaggerService, datasetId: number, modelId: string, selection: TagSelection): Promise<ApplyResult> {
  const key = `${datasetId}\u0000${modelId}`;
  return svc.serially(key, async () => {
    const t0 = performance.now();
    // A stale write in chunks may have written part of its plan: its items count as changed too.
    const changed = new Set<number>();
    const announce = (): void => {
      if (changed.size) core.bus.emit('dataset.changed', { datasetId, change: 'items', ...(changed.size <= 500 ? { itemIds: [...changed] } : {}) });
    };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { plan, stats, next } = planReslice(core.db, svc.scores, svc.selections, datasetId, modelId, selection, svc.lastApplied.get(key));
      const res = await svc.writer.write(plan);
      for (const item of res.changed) changed.add(item);
      if (res.stale) continue;
      svc.lastApplied.delete(key);
      svc.lastApplied.set(key, next);
      for (const old of svc.lastApplied.keys()) if (svc.lastApplied.size > KEPT) svc.lastApplied.delete(old);
      announce();
      return { changedItems: changed.size, stats, ms: performance.now() - t0 };
    }
    announce();
    throw new AppError('CONFLICT', 'The tags kept changing while they were being re-sliced (another process is tagging this dataset); try again.');
  });
}
