import type { Client } from '../../shared/rpc';

/** What the renderer gets from its host, whichever it is (Electron window or a browser on the headless host). */
export interface Connection {
  client: Client;
  host: 'electron' | 'headless';
  renditionUrl(sha256: string, kind: 'preview' | 'medium'): string;
  originalUrl(itemId: number): string;
  /** Browser: dropped files are uploaded (streamed) into the library and imported; returns the import job. */
  uploadFiles?(
    datasetId: number,
    files: { file: File; relPath: string }[],
    onProgress?: (sentBytes: number, totalBytes: number) => void,
  ): Promise<{ jobId: number }>;
  /** Electron: the real path of a dropped file or folder (webUtils.getPathForFile), so folders are linked in place. */
  pathForFile?(file: File): string | null;
  /** Electron: the native folder picker. */
  pickFolder?(): Promise<string | null>;
  /** Electron: asks for another data folder and restarts the app on it (null: none chosen). */
  chooseDataFolder?(): Promise<string | null>;
}
