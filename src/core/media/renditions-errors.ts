/** Why a picture became an error item: a stable code for filters and a message that says what to do. Pure. */

export type ItemErrorCode = 'EMPTY' | 'TRUNCATED' | 'CORRUPT' | 'NOT_A_PICTURE' | 'UNREADABLE' | 'TOO_LARGE' | 'NOT_FOUND' | 'DUPLICATE' | 'INTERNAL';

export interface ItemError {
  code: ItemErrorCode;
  message: string;
}

/** The decompression-bomb limit: Pillow's (2 × 89,478,485 pixels), far above any camera's output. */
export const MAX_PIXELS = 178_956_970;

export function emptyFile(): ItemError {
  return { code: 'EMPTY', message: 'The file is empty (0 bytes); re-copy it from where it came from.' };
}

export function tooLarge(width: number, height: number, maxPixels: number): ItemError {
  const mp = (n: number) => (n / 1e6).toFixed(n < 1e7 ? 1 : 0);
  return {
    code: 'TOO_LARGE',
    message: `The picture is ${width}×${height} (${mp(width * height)} MP), over the ${mp(maxPixels)} MP limit that protects against decompression bombs; downscale it to import it.`,
  };
}

/** A failed stat/open/read. */
export function readError(err: unknown): ItemError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') {
    return { code: 'UNREADABLE', message: 'Permission denied: Atelier may not read this file. Check its permissions.' };
  }
  if (code === 'ENOENT') return { code: 'NOT_FOUND', message: 'The file disappeared before it could be read.' };
  const msg = err instanceof Error ? err.message : String(err);
  return { code: 'UNREADABLE', message: `The file could not be read: ${msg}` };
}

/** Whether the bytes stop before the format's end marker: JPEG ends with FFD9, PNG with an IEND chunk. */
export function endsEarly(format: string | undefined, tail: Uint8Array): boolean {
  let end = tail.length;
  if (format === 'jpeg') {
    while (end > 0 && tail[end - 1] === 0) end--; // some writers pad after the end marker
    return !(end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9);
  }
  if (format === 'png') {
    if (end < 12) return true;
    const name = String.fromCharCode(...tail.subarray(end - 8, end - 4));
    return name !== 'IEND';
  }
  return false;
}

/** Turns a sharp/libvips failure into an item error. `truncated` is endsEarly() of the file, when known. */
export function decodeError(message: string, truncated: boolean): ItemError {
  const m = message.toLowerCase();
  if (m.includes('unsupported image format')) {
    return { code: 'NOT_A_PICTURE', message: 'The file is not a picture Atelier can read (JPEG, PNG, WebP, GIF, TIFF or AVIF), whatever its name says.' };
  }
  if (m.includes('exceeds pixel limit')) {
    return { code: 'TOO_LARGE', message: 'The picture has more pixels than the limit that protects against decompression bombs; downscale it to import it.' };
  }
  // libjpeg says "premature end of JPEG image" at a missing end marker, but "Corrupt JPEG data: premature end of
  // data segment" about damage inside the file: only the first is a cut.
  if (truncated || (!m.includes('corrupt') && (m.includes('premature end') || m.includes('truncated')))) {
    return { code: 'TRUNCATED', message: 'The picture is cut short (the file ends before its image data does), as after an interrupted download or copy; re-copy it.' };
  }
  return { code: 'CORRUPT', message: `The picture's data is damaged and cannot be decoded (${message.trim()}); re-export or re-copy it.` };
}
