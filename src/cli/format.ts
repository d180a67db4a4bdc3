/** Human formatting for the CLI's text output. Pure, so it is unit-tested. */
import { byteDecimals, byteUnits } from '../shared/bytes';

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '-';
  const { value, unit } = byteUnits(n);
  return `${value.toFixed(byteDecimals(value, unit))} ${unit}`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function formatRate(rate: number | null | undefined, unit = 'files'): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return `- ${unit}/s`;
  return `${rate >= 100 ? Math.round(rate) : rate.toFixed(1)} ${unit}/s`;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Shortens text to max characters on one line (newlines shown as spaces). */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}
