/** The addresses both hosts answer and the page uses: one definition for the server and the client side. */

/** The headless host's contract WebSocket. */
export const RPC_PATH = '/rpc';
/** Browser uploads: POST UPLOAD_PATH?dataset=ID&batch=B (raw body), then POST UPLOAD_COMMIT_PATH {datasetId, batch}. */
export const UPLOAD_PATH = '/upload';
export const UPLOAD_COMMIT_PATH = '/upload/commit';
/** Carries the uploaded file's relative path, URI-encoded. */
export const UPLOAD_PATH_HEADER = 'x-atelier-path';
/** Electron's privileged protocols: the page itself, and media. */
export const APP_SCHEME = 'atelier-app';
export const MEDIA_SCHEME = 'atelier-media';

/** The media address below `/media/` (HTTP) or `atelier-media://local/` (Electron): names a rendition or an item. */
export function renditionPath(sha256: string, kind: 'preview' | 'medium'): string {
  return `rendition/${encodeURIComponent(sha256)}/${kind}`;
}

export function originalPath(itemId: number): string {
  return `original/${itemId}`;
}
