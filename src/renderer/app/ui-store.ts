import { create } from 'zustand';
import type { DatasetDialog } from './DatasetDialogs';

interface ShellUi {
  datasetDialog: DatasetDialog | null;
  settingsOpen: boolean;
  openDatasetDialog(d: DatasetDialog | null): void;
  setSettings(open: boolean): void;
}

/** The shell's dialogs, opened from the sidebar or from the welcome screen. */
export const useShellUi = create<ShellUi>()((set) => ({
  datasetDialog: null,
  settingsOpen: false,
  openDatasetDialog: (d) => set({ datasetDialog: d }),
  setSettings: (open) => set({ settingsOpen: open }),
}));
