import type { taggerStrings } from './i18n';

type T = (typeof taggerStrings)['en'];

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
