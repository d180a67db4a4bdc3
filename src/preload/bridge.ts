/** What the sandboxed preload exposes to the page as `window.atelier`: nothing but the way to get the one
 * contract port, the real path of a dropped file, and the native folder picker. */
export interface AtelierBridge {
  /** Asks main for a fresh contract port; it arrives as a window 'message' event with data PORT_MESSAGE. */
  requestPort(): void;
  pathForFile(file: File): string | null;
  pickFolder(): Promise<string | null>;
}

export const BRIDGE_NAME = 'atelier';
/** The window message (and IPC channel) that carries the port; the request channel and the folder picker's. */
export const PORT_MESSAGE = 'atelier:port';
export const PORT_REQUEST = 'atelier:port-request';
export const PICK_FOLDER = 'atelier:pick-folder';
