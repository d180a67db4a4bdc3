import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Job, JobFileError } from '../../shared/contract';
import type { Connection } from '../transport/types';

export const ENDED: ReadonlySet<Job['status']> = new Set(['done', 'failed', 'cancelled']);
export const ACTIVE: ReadonlySet<Job['status']> = new Set(['queued', 'running']);

export interface JobsState {
  /** Newest first. */
  jobs: Job[];
  init(): Promise<void>;
  cancel(id: number): Promise<void>;
  errors(id: number, offset?: number, limit?: number): Promise<{ total: number; errors: JobFileError[] }>;
  /** Called when a job this window saw running reaches an end state (for a notification). */
  onEnded(cb: (job: Job) => void): () => void;
  dispose(): void;
}

export type JobsStore = StoreApi<JobsState>;

const KEEP = 50;

/** Jobs as a snapshot from 'jobs.list' followed by 'job.updated' events. */
export function createJobsStore(conn: Connection): JobsStore {
  const { client } = conn;
  const endedListeners = new Set<(job: Job) => void>();
  let off: (() => void) | null = null;

  const store = createStore<JobsState>()((set, get) => {
    const upsert = (job: Job) => {
      const prev = get().jobs.find((j) => j.id === job.id);
      const jobs = [job, ...get().jobs.filter((j) => j.id !== job.id)].sort((a, b) => b.id - a.id).slice(0, KEEP);
      set({ jobs });
      if (ENDED.has(job.status) && (!prev || !ENDED.has(prev.status))) {
        if (prev) endedListeners.forEach((cb) => cb(job));
      }
    };
    return {
      jobs: [],

      async init() {
        off ??= client.on('job.updated', upsert);
        const listed = await client.call('jobs.list', { limit: KEEP });
        // Events that arrived meanwhile are newer than the snapshot.
        const seen = new Map(get().jobs.map((j) => [j.id, j]));
        set({ jobs: [...seen.values(), ...listed.filter((j) => !seen.has(j.id))].sort((a, b) => b.id - a.id).slice(0, KEEP) });
      },

      async cancel(id) {
        upsert(await client.call('jobs.cancel', { jobId: id }));
      },

      errors(id, offset = 0, limit = 500) {
        return client.call('jobs.errors', { jobId: id, offset, limit });
      },

      onEnded(cb) {
        endedListeners.add(cb);
        return () => endedListeners.delete(cb);
      },

      dispose() {
        off?.();
        off = null;
      },
    };
  });
  return store;
}
