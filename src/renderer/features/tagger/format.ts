import type { taggerStrings } from './i18n';

type T = (typeof taggerStrings)['en'];

export function formatBytes(n: number | null): string {
  if (n === null) return '?';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1e3))} kB`;
}

export function formatRate(rate: number): string {
  return rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
}

export function formatEta(seconds: number, t: T): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? t.seconds(s) : t.minutes(Math.floor(s / 60), s % 60);
}

/** "tag, other tag" → ['tag', 'other tag']. */
export function splitTags(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
