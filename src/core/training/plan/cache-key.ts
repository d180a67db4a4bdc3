import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';

/** Identity of a model file for cache keys: its path, size and modification time (hashing GBs would be slow). */
export function fileIdentity(path: unknown): string | null {
  if (typeof path !== 'string' || !path) return null;
  try {
    const s = statSync(path);
    return `${path}|${s.size}|${Math.round(s.mtimeMs)}`;
  } catch {
    return `${path}|missing`;
  }
}

/** A stable hash of JSON-able inputs (object keys sorted). */
export function fingerprint(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex');
}
