/** What the sandboxed preload exposes to the page as `window.atelier`: nothing but the way to get the one
 * contract port, the real path of a dropped file, the native folder picker, and the change of data folder. */
export interface AtelierBridge {
  /** Asks main for a fresh contract port; it arrives as a window 'message' event with data PORT_MESSAGE. */
  requestPort(): void;
  pathForFile(file: File): string | null;
  pickFolder(): Promise<string | null>;
  /** Asks for another data folder; when one is chosen, the app restarts on it (resolves with it first), else null. */
  chooseDataFolder(): Promise<string | null>;
}

export const BRIDGE_NAME = 'atelier';
/** The window message (and IPC channel) that carries the port; the request channel, the folder picker's and the
 * data-folder change's. */
export const PORT_MESSAGE = 'atelier:port';
export const PORT_REQUEST = 'atelier:port-request';
export const PICK_FOLDER = 'atelier:pick-folder';
export const CHOOSE_DATA_FOLDER = 'atelier:choose-data-folder';
