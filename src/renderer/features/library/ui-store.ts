import { create } from 'zustand';

interface LibraryUi {
  panelOpen: boolean;
  tagsOpen: boolean;
  bulkOpen: boolean;
  exportOpen: boolean;
  addOpen: boolean;
  /** Bumped to ask the caption editor to take the keyboard focus (Enter or double-click in the grid). */
  captionFocus: number;
  focusCaption(): void;
  setPanel(open: boolean): void;
  setTags(open: boolean): void;
  setBulk(open: boolean): void;
  setExport(open: boolean): void;
  setAdd(open: boolean): void;
}

const KEY = 'atelier.libraryUi';

function load(): { panelOpen: boolean; tagsOpen: boolean } {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as { panelOpen?: boolean; tagsOpen?: boolean };
    return { panelOpen: v.panelOpen ?? true, tagsOpen: v.tagsOpen ?? true };
  } catch {
    return { panelOpen: true, tagsOpen: true };
  }
}

/** Which parts of the Library page are open; the side columns are remembered between sessions. */
export const useLibraryUi = create<LibraryUi>()((set, get) => {
  const save = () => {
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify({ panelOpen: get().panelOpen, tagsOpen: get().tagsOpen }));
    } catch {
      // remembering the layout is only a convenience
    }
  };
  return {
    ...load(),
    bulkOpen: false,
    exportOpen: false,
    addOpen: false,
    captionFocus: 0,
    focusCaption() {
      set({ captionFocus: get().captionFocus + 1 });
    },
    setPanel(open) {
      set({ panelOpen: open });
      save();
    },
    setTags(open) {
      set({ tagsOpen: open });
      save();
    },
    setBulk(open) {
      set({ bulkOpen: open });
    },
    setExport(open) {
      set({ exportOpen: open });
    },
    setAdd(open) {
      set({ addOpen: open });
    },
  };
});
