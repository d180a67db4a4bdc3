import type { Job } from '../../../shared/contract';
import { formatBytes, formatNumber, formatRate } from '../../i18n';
import type { jobStrings } from './i18n';

type T = (typeof jobStrings)['en'];

/** 75 → "1 min 15 s". */
export function formatDuration(seconds: number, t: T): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t.seconds(s);
  if (s < 3600) return t.minutes(Math.floor(s / 60), s % 60);
  return t.hours(Math.floor(s / 3600), Math.floor((s % 3600) / 60));
}

/** "12 / 40 pictures", "60.5 MB / 63.5 MB". */
export function progressText(job: Pick<Job, 'done' | 'total' | 'unit'>, t: T): string {
  const done = job.unit === 'bytes' ? formatBytes(job.done) : formatNumber(job.done);
  return t.progress(done, t.amount[job.unit](job.total));
}

/** "3.1 pictures/s", "5.2 MB/s". */
export function rateText(rate: number, unit: Job['unit'], t: T): string {
  return t.rate(unit === 'bytes' ? formatBytes(rate) : `${formatRate(rate)} ${t.rateUnit[unit]}`);
}
