/** Turns a browser-supplied relative path (a dropped folder's `webkitRelativePath`) into a safe relative path
 * of plain segments, or null when it cannot be made safe. Pure, unit-tested. */

const MAX_DEPTH = 32;
const MAX_SEGMENT_BYTES = 240;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

export function sanitizeRelPath(raw: string): string | null {
  if (!raw || raw.includes('\0')) return null;
  const segments = raw.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.length > MAX_DEPTH) return null;
  const out: string[] = [];
  for (const seg of segments) {
    if (seg === '..') return null;
    let s = [...seg]
      .filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f)
      .join('')
      .replace(/[<>:"|?*]/g, '_')
      .replace(/[. ]+$/, '');
    if (!s || s === '..') return null;
    if (WINDOWS_RESERVED.test(s)) s = `_${s}`;
    while (Buffer.byteLength(s) > MAX_SEGMENT_BYTES) s = s.slice(0, -1);
    out.push(s);
  }
  return out.join('/');
}

export const BATCH_ID = /^[A-Za-z0-9_-]{1,64}$/;
