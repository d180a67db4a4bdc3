import type { MediaFile } from '../core/media';
import { parseRange } from './range';

/** How to answer a request for a file: status, headers and the byte span to stream (none for 304/416/HEAD).
 * Pure, and shared by the HTTP host and Electron's atelier-media:// protocol. */
export interface FilePlan {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  body: { start: number; end: number } | null;
}

export function etagOf(file: Pick<MediaFile, 'size' | 'mtimeMs'>): string {
  return `"${file.size.toString(36)}-${Math.floor(file.mtimeMs).toString(36)}"`;
}

export function planFileResponse(
  file: MediaFile,
  req: { method: string; range?: string | undefined; ifNoneMatch?: string | undefined },
): FilePlan {
  const etag = etagOf(file);
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Cache-Control': file.immutable ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  if (req.ifNoneMatch && req.ifNoneMatch.split(',').some((t) => t.trim() === etag)) {
    return { status: 304, headers, body: null };
  }
  const head = req.method === 'HEAD';
  const range = parseRange(req.range, file.size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${file.size}` }, body: null };
  }
  if (range) {
    const len = range.end - range.start + 1;
    return {
      status: 206,
      headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${file.size}`, 'Content-Length': String(len) },
      body: head ? null : range,
    };
  }
  return {
    status: 200,
    headers: { ...headers, 'Content-Length': String(file.size) },
    body: head || file.size === 0 ? null : { start: 0, end: file.size - 1 },
  };
}
