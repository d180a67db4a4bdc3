import { MEDIA_SCHEME, originalPath, renditionPath } from '../../shared/host-routes';

/** Where the page loads pictures from: the headless host's /media routes, or Electron's atelier-media:// protocol.
 * Both end in the core's one path guard; the addresses name a rendition or an item, never a file path. */
export interface MediaUrls {
  renditionUrl(sha256: string, kind: 'preview' | 'medium'): string;
  originalUrl(itemId: number): string;
}

export function httpMediaUrls(baseUrl = ''): MediaUrls {
  return {
    renditionUrl: (sha256, kind) => `${baseUrl}/media/${renditionPath(sha256, kind)}`,
    originalUrl: (itemId) => `${baseUrl}/media/${originalPath(itemId)}`,
  };
}

export function electronMediaUrls(): MediaUrls {
  return {
    renditionUrl: (sha256, kind) => `${MEDIA_SCHEME}://local/${renditionPath(sha256, kind)}`,
    originalUrl: (itemId) => `${MEDIA_SCHEME}://local/${originalPath(itemId)}`,
  };
}
