import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EditOpInput, ItemDetail } from '../../shared/contract';
import type { Connection } from '../transport/types';
import type { EditsStore } from './edits-store';
import { debounce } from './throttle';

/** Autosave waits for this pause in typing. */
export const AUTOSAVE_MS = 600;

export type SaveState = 'saved' | 'dirty' | 'saving' | 'error';

export interface EditorState {
  itemId: number | null;
  item: ItemDetail | null;
  /** The caption as typed. */
  draft: string;
  saveState: SaveState;

  open(id: number | null): Promise<void>;
  setDraft(text: string): void;
  /** Saves a pending caption now (before leaving the item, or on blur). */
  flush(): Promise<void>;
  addTags(tags: string[]): Promise<void>;
  removeTag(tag: string): Promise<void>;
  /** Moves a tag to a position in the list. */
  moveTag(tag: string, toIndex: number): Promise<void>;
  reload(): Promise<void>;
  dispose(): void;
}

export type EditorStore = StoreApi<EditorState>;

/** The item panel: one item's detail, its caption draft with autosave, and its tag edits. */
export function createEditorStore(conn: Connection, edits: EditsStore, onError: (err: unknown) => void): EditorStore {
  const { client } = conn;
  // The caption as the store last knew it; the draft differs from it while there are unsaved changes.
  let savedText = '';
  let saving: Promise<void> | null = null;

  const store = createStore<EditorState>()((set, get) => {
    const save = async (): Promise<void> => {
      const { item, itemId, draft } = get();
      // While the next item loads, the panel still shows the previous one: never save into it.
      if (!item || item.id !== itemId) return;
      if (draft === savedText) {
        if (get().saveState === 'dirty') set({ saveState: 'saved' });
        return;
      }
      set({ saveState: 'saving' });
      try {
        await edits.getState().apply(item.datasetId, [item.id], { kind: 'setCaption', text: draft }, true);
        savedText = draft;
        if (get().itemId === item.id) set({ saveState: get().draft === savedText ? 'saved' : 'dirty' });
      } catch (err) {
        if (get().itemId === item.id) set({ saveState: 'error' });
        throw err;
      }
    };
    const saveSoon = debounce(() => {
      saving = save()
        .catch(onError)
        .finally(() => {
          saving = null;
        });
    }, AUTOSAVE_MS);

    const tagEdit = async (op: EditOpInput) => {
      const { item } = get();
      if (!item) return;
      await edits.getState().apply(item.datasetId, [item.id], op);
      await get().reload();
    };

    return {
      itemId: null,
      item: null,
      draft: '',
      saveState: 'saved',

      async open(id) {
        if (id === get().itemId) return;
        await get().flush().catch(onError);
        // The previous item stays until the next arrives, so the panel (and the caption box's keyboard focus)
        // does not blink away between items.
        set(id === null ? { itemId: null, item: null, draft: '', saveState: 'saved' } : { itemId: id, draft: '', saveState: 'saved' });
        savedText = '';
        if (id !== null) await get().reload();
      },

      setDraft(text) {
        set({ draft: text, saveState: text === savedText ? 'saved' : 'dirty' });
        saveSoon();
      },

      async flush() {
        saveSoon.flush();
        if (saving) await saving;
        if (get().saveState === 'dirty') await save();
      },

      addTags(tags) {
        const clean = tags.map((t) => t.trim()).filter(Boolean);
        return clean.length ? tagEdit({ kind: 'addTags', tags: clean }) : Promise.resolve();
      },

      removeTag(tag) {
        return tagEdit({ kind: 'removeTags', tags: [tag] });
      },

      moveTag(tag, toIndex) {
        const tags = (get().item?.tags ?? []).map((t) => t.tag).filter((t) => t !== tag);
        tags.splice(Math.max(0, Math.min(toIndex, tags.length)), 0, tag);
        return tagEdit({ kind: 'reorderTags', tags });
      },

      async reload() {
        const id = get().itemId;
        if (id === null) return;
        const item = await client.call('items.get', { id });
        if (get().itemId !== id) return;
        const caption = item.caption ?? '';
        // Unsaved typing wins over what the store says; otherwise follow it (undo, another window).
        const unsaved = get().draft !== savedText;
        savedText = caption;
        set(unsaved ? { item, saveState: get().draft === caption ? 'saved' : 'dirty' } : { item, draft: caption, saveState: 'saved' });
        if (get().saveState === 'dirty') saveSoon();
      },

      dispose() {
        saveSoon.cancel();
      },
    };
  });

  const off = client.on('dataset.changed', (e) => {
    const { item } = store.getState();
    if (!item || e.datasetId !== item.datasetId || e.change !== 'items') return;
    if (!e.itemIds || e.itemIds.includes(item.id)) store.getState().reload().catch(onError);
  });
  const dispose = store.getState().dispose;
  store.setState({
    dispose() {
      off();
      dispose();
    },
  });
  return store;
}
