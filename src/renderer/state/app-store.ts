import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Dataset, SettingsPatch, SettingsView, SystemInfo } from '../../shared/contract';
import type { Connection } from '../transport/types';
import { setLang } from '../i18n';
import { throttle } from './throttle';

export interface AppState {
  info: SystemInfo | null;
  settings: SettingsView | null;
  datasets: Dataset[];
  /** The dataset the main area shows. */
  datasetId: number | null;
  /** The id of the page (see app/pages.ts) the main area shows. */
  page: string;

  init(): Promise<void>;
  reloadDatasets(): Promise<void>;
  selectDataset(id: number | null): void;
  setPage(id: string): void;
  createDataset(name: string): Promise<Dataset>;
  renameDataset(id: number, name: string): Promise<Dataset>;
  deleteDataset(id: number): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<SettingsView>;
  dispose(): void;
}

export type AppStore = StoreApi<AppState>;

const LAST_DATASET_KEY = 'atelier.lastDataset';

function remembered(): number | null {
  try {
    const v = globalThis.localStorage?.getItem(LAST_DATASET_KEY);
    return v ? Number(v) : null;
  } catch {
    return null;
  }
}

function remember(id: number | null): void {
  try {
    if (id === null) globalThis.localStorage?.removeItem(LAST_DATASET_KEY);
    else globalThis.localStorage?.setItem(LAST_DATASET_KEY, String(id));
  } catch {
    // storage can be unavailable (private windows); remembering is only a convenience
  }
}

/** Datasets, settings and what the window shows. */
export function createAppStore(conn: Connection, onError: (err: unknown) => void): AppStore {
  const { client } = conn;
  const offs: (() => void)[] = [];

  const store = createStore<AppState>()((set, get) => {
    // Imports emit many changes; the sidebar's counts need not follow each one.
    const reloadSoon = throttle(() => void get().reloadDatasets().catch(onError), 400);

    return {
      info: null,
      settings: null,
      datasets: [],
      datasetId: null,
      page: 'library',

      async init() {
        const [info, settings, datasets] = await Promise.all([
          client.call('system.info', {}),
          client.call('settings.get', {}),
          client.call('datasets.list', {}),
        ]);
        setLang(settings.language);
        const last = remembered();
        const datasetId = datasets.find((d) => d.id === last)?.id ?? datasets[0]?.id ?? null;
        set({ info, settings, datasets, datasetId });
        offs.push(
          client.on('dataset.changed', (e) => {
            if (e.change === 'deleted' && get().datasetId === e.datasetId) {
              const next = get().datasets.find((d) => d.id !== e.datasetId)?.id ?? null;
              get().selectDataset(next);
            }
            reloadSoon();
          }),
        );
      },

      async reloadDatasets() {
        const datasets = await client.call('datasets.list', {});
        set({ datasets });
      },

      selectDataset(id) {
        remember(id);
        set({ datasetId: id });
      },

      setPage(id) {
        set({ page: id });
      },

      async createDataset(name) {
        const d = await client.call('datasets.create', { name });
        set({ datasets: [...get().datasets.filter((x) => x.id !== d.id), d].sort(byName) });
        get().selectDataset(d.id);
        return d;
      },

      async renameDataset(id, name) {
        const d = await client.call('datasets.rename', { id, name });
        set({ datasets: get().datasets.map((x) => (x.id === id ? d : x)).sort(byName) });
        return d;
      },

      async deleteDataset(id) {
        await client.call('datasets.delete', { id });
        const datasets = get().datasets.filter((x) => x.id !== id);
        set({ datasets });
        if (get().datasetId === id) get().selectDataset(datasets[0]?.id ?? null);
      },

      async updateSettings(patch) {
        const settings = await client.call('settings.update', patch);
        setLang(settings.language);
        set({ settings });
        return settings;
      },

      dispose() {
        offs.splice(0).forEach((off) => off());
        reloadSoon.cancel();
      },
    };
  });
  return store;
}

function byName(a: Dataset, b: Dataset): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}
