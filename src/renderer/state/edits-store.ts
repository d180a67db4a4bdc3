import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EditHistory, EditOpInput, EditResult } from '../../shared/contract';
import { UiError } from '../app/errors';
import { stringsNow } from '../i18n';
import type { Connection } from '../transport/types';
import { stateStrings } from './i18n';
import { throttle } from './throttle';

export interface EditsState {
  datasetId: number | null;
  history: EditHistory | null;
  /** An edit, undo or redo is running: further ones wait (the buttons disable). */
  busy: boolean;

  setDataset(id: number | null): void;
  /** Edits items of datasetId: the dataset the items belong to, which need not be the open one any more (an
   * autosave may fire just after the window switched datasets); null when no dataset is open. */
  apply(datasetId: number | null, itemIds: readonly number[], op: EditOpInput, coalesce?: boolean): Promise<EditResult>;
  undo(): Promise<EditResult | null>;
  redo(): Promise<EditResult | null>;
  reloadHistory(): Promise<void>;
  dispose(): void;
}

export type EditsStore = StoreApi<EditsState>;

/** Edits, and the open dataset's undo/redo state. */
export function createEditsStore(conn: Connection, onError: (err: unknown) => void): EditsStore {
  const { client } = conn;
  const store = createStore<EditsState>()((set, get) => {
    const run = async (datasetId: number | null, call: (datasetId: number) => Promise<EditResult>): Promise<EditResult> => {
      if (datasetId === null) throw new UiError('NOT_FOUND', stringsNow(stateStrings).noDataset);
      set({ busy: true });
      try {
        const r = await call(datasetId);
        if (get().datasetId === datasetId) set({ history: r.history });
        return r;
      } finally {
        set({ busy: false });
      }
    };
    return {
      datasetId: null,
      history: null,
      busy: false,

      setDataset(id) {
        if (id === get().datasetId) return;
        set({ datasetId: id, history: null });
        if (id !== null) get().reloadHistory().catch(onError);
      },

      apply(target, itemIds, op, coalesce = false) {
        return run(target, (datasetId) => client.call('edits.apply', { datasetId, itemIds: [...itemIds], op, coalesce }));
      },

      async undo() {
        if (!get().history?.undo || get().busy) return null;
        return run(get().datasetId, (datasetId) => client.call('edits.undo', { datasetId }));
      },

      async redo() {
        if (!get().history?.redo || get().busy) return null;
        return run(get().datasetId, (datasetId) => client.call('edits.redo', { datasetId }));
      },

      async reloadHistory() {
        const datasetId = get().datasetId;
        if (datasetId === null) return;
        const history = await client.call('edits.history', { datasetId });
        if (get().datasetId === datasetId) set({ history });
      },

      dispose() {},
    };
  });

  // Another window (or the CLI) may edit the same dataset.
  const reloadSoon = throttle(() => void store.getState().reloadHistory().catch(onError), 500);
  const off = client.on('dataset.changed', (e) => {
    if (e.datasetId === store.getState().datasetId && e.change === 'items') reloadSoon();
  });
  store.setState({
    dispose() {
      off();
      reloadSoon.cancel();
    },
  });
  return store;
}
