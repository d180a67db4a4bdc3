import { createStore, useStore, type StoreApi } from 'zustand';
import type { RunArtifact, RunLogLine, StopMode, TrainingRun } from '../../../shared/contract';
import type { Connection } from '../../transport/types';
import { applyPoints, fromContract, type RunMetrics } from './chart-data';

/** Console lines kept per run in the window (the full log stays on disk). */
export const LOG_KEEP = 20_000;

export interface TrainingState {
  /** Newest first. */
  runs: TrainingRun[];
  selected: number | null;
  /** Loaded runs only (the selected one and overlays); live points are added as they come. */
  metrics: Record<number, RunMetrics>;
  logs: Record<number, RunLogLine[]>;
  artifacts: Record<number, RunArtifact[]>;
  tab: string;
  init(): Promise<void>;
  setTab(tab: string): void;
  select(id: number | null): void;
  loadMetrics(id: number): Promise<void>;
  stop(id: number, mode: StopMode): Promise<void>;
  resume(id: number): Promise<void>;
  cancel(id: number): Promise<void>;
  /** Moves a queued run one place up (-1) or down (+1) among the queued runs. */
  move(id: number, by: -1 | 1): Promise<void>;
  upsert(run: TrainingRun): void;
}

export type TrainingStore = StoreApi<TrainingState>;

/** Runs from 'training.runs' plus the supervisor's events; per-run metrics, logs and artifacts loaded on demand. */
export function createTrainingStore(conn: Connection, onError: (err: unknown) => void): TrainingStore {
  const { client } = conn;
  const subscriptions: (() => void)[] = [];
  const store = createStore<TrainingState>()((set, get) => {
    const loadDetail = async (id: number) => {
      const [logs, artifacts] = await Promise.all([client.call('training.logs', { runId: id, tail: 5000 }), client.call('training.checkpoints', { runId: id })]);
      set({ logs: { ...get().logs, [id]: logs.lines }, artifacts: { ...get().artifacts, [id]: artifacts } });
      await get().loadMetrics(id);
    };
    return {
      runs: [],
      selected: null,
      metrics: {},
      logs: {},
      artifacts: {},
      tab: 'new',

      async init() {
        if (!subscriptions.length) {
          subscriptions.push(
            client.on('training.run', (run) => get().upsert(run)),
            client.on('training.metrics', (e) => {
              const m = get().metrics[e.runId];
              if (m) set({ metrics: { ...get().metrics, [e.runId]: applyPoints(m, e.points, e.resetAfter) } });
            }),
            client.on('training.log', (e) => {
              const prev = get().logs[e.runId];
              if (prev) set({ logs: { ...get().logs, [e.runId]: [...prev, ...e.lines].slice(-LOG_KEEP) } });
            }),
            client.on('training.artifact', (a) => {
              const prev = get().artifacts[a.runId];
              if (prev) set({ artifacts: { ...get().artifacts, [a.runId]: [...prev.filter((x) => x.path !== a.path), a] } });
            }),
          );
        }
        const runs = await client.call('training.runs', {});
        set({ runs });
        if (get().selected === null && runs[0]) get().select(runs[0].id);
      },

      setTab(tab) {
        set({ tab });
      },

      select(id) {
        set({ selected: id });
        if (id !== null) loadDetail(id).catch(onError);
      },

      async loadMetrics(id) {
        const { series } = await client.call('training.metrics', { runId: id, maxPoints: 20_000 });
        set({ metrics: { ...get().metrics, [id]: fromContract(series) } });
      },

      async stop(id, mode) {
        get().upsert(await client.call('training.stop', { runId: id, mode }));
      },
      async resume(id) {
        get().upsert(await client.call('training.resume', { runId: id }));
      },
      async cancel(id) {
        get().upsert(await client.call('training.cancel', { runId: id }));
      },
      async move(id, by) {
        const queued = get()
          .runs.filter((r) => r.status === 'queued')
          .sort((a, b) => a.position - b.position)
          .map((r) => r.id);
        const i = queued.indexOf(id);
        const j = i + by;
        if (i < 0 || j < 0 || j >= queued.length) return;
        [queued[i], queued[j]] = [queued[j]!, queued[i]!];
        for (const r of await client.call('training.reorder', { runIds: queued })) get().upsert(r);
      },

      upsert(run) {
        set({ runs: [run, ...get().runs.filter((r) => r.id !== run.id)].sort((a, b) => b.id - a.id) });
      },
    };
  });
  return store;
}

const stores = new WeakMap<Connection, TrainingStore>();

/** The window's training store (one per connection). */
export function trainingStoreFor(conn: Connection, onError: (err: unknown) => void): TrainingStore {
  let s = stores.get(conn);
  if (!s) stores.set(conn, (s = createTrainingStore(conn, onError)));
  return s;
}

export function useTraining<T>(store: TrainingStore, select: (s: TrainingState) => T): T {
  return useStore(store, select);
}
