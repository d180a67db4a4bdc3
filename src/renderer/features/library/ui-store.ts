import { create } from 'zustand';
import { PANEL_DEFAULT, PANEL_MAX, PANEL_MIN } from './layout';

interface LibraryUi {
  panelOpen: boolean;
  /** Width of the item panel in px (dragged by its left edge). */
  panelWidth: number;
  setPanelWidth(px: number): void;
  tagsOpen: boolean;
  /** The tag column shown over the gallery, where there is no room to dock it (not remembered). */
  tagsOverlay: boolean;
  setTagsOverlay(open: boolean): void;
  bulkOpen: boolean;
  exportOpen: boolean;
  addOpen: boolean;
  /** Bumped to ask the caption editor to take the keyboard focus (Enter or double-click in the grid). */
  captionFocus: number;
  /** Opens the item panel with the keyboard in the caption box (Enter or double-click in the grid). */
  editCaption(): void;
  setPanel(open: boolean): void;
  setTags(open: boolean): void;
  setBulk(open: boolean): void;
  setExport(open: boolean): void;
  setAdd(open: boolean): void;
}

const KEY = 'atelier.libraryUi';

interface Remembered {
  panelOpen: boolean;
  tagsOpen: boolean;
  panelWidth: number;
}

function load(): Remembered {
  const defaults: Remembered = { panelOpen: true, tagsOpen: true, panelWidth: PANEL_DEFAULT };
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as Partial<Remembered>;
    const w = Number(v.panelWidth);
    return {
      panelOpen: v.panelOpen ?? defaults.panelOpen,
      tagsOpen: v.tagsOpen ?? defaults.tagsOpen,
      panelWidth: w >= PANEL_MIN && w <= PANEL_MAX ? w : defaults.panelWidth,
    };
  } catch {
    return defaults;
  }
}

/** Which parts of the Library page are open; the side columns are remembered between sessions. */
export const useLibraryUi = create<LibraryUi>()((set, get) => {
  const save = () => {
    try {
      const { panelOpen, tagsOpen, panelWidth } = get();
      globalThis.localStorage?.setItem(KEY, JSON.stringify({ panelOpen, tagsOpen, panelWidth }));
    } catch {
      // remembering the layout is only a convenience
    }
  };
  return {
    ...load(),
    tagsOverlay: false,
    bulkOpen: false,
    exportOpen: false,
    addOpen: false,
    captionFocus: 0,
    editCaption() {
      set({ panelOpen: true, captionFocus: get().captionFocus + 1 });
      save();
    },
    setPanel(open) {
      set({ panelOpen: open });
      save();
    },
    setPanelWidth(px) {
      set({ panelWidth: Math.round(Math.max(PANEL_MIN, Math.min(PANEL_MAX, px))) });
      save();
    },
    setTags(open) {
      set({ tagsOpen: open });
      save();
    },
    setTagsOverlay(open) {
      set({ tagsOverlay: open });
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
