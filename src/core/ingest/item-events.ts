import type { EventBus } from '../events';

/** Batches 'dataset.changed' {change:'items'} events: the first change goes out at once (so a grid fills as
 * soon as the first picture is ready), later ones at most every `intervalMs`. */
export class ItemEvents {
  private readonly pending = new Map<number, Set<number>>();
  private last = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly intervalMs = 250,
    /** Above this many ids an event says "reload" (no ids) instead of listing them. */
    private readonly maxIds = 1000,
  ) {}

  add(datasetId: number, itemIds: Iterable<number>): void {
    let set = this.pending.get(datasetId);
    if (!set) this.pending.set(datasetId, (set = new Set()));
    for (const id of itemIds) set.add(id);
    if (this.timer) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.last = Date.now();
    const batches = [...this.pending];
    this.pending.clear();
    for (const [datasetId, ids] of batches) {
      if (!ids.size) continue;
      this.bus.emit('dataset.changed', { datasetId, change: 'items', ...(ids.size <= this.maxIds ? { itemIds: [...ids] } : {}) });
    }
  }
}
