import type { Job, JobFileError } from '../shared/contract';
import { formatDuration, oneLine, plural, table } from './format';

/** `12.4 s` from a job's start and end times. */
export function jobSeconds(job: Job): number | null {
  if (!job.startedAt || !job.finishedAt) return null;
  return (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
}

/** The numeric fields of a job's result, `added 20, duplicates 2`: the CLI stays independent of each kind's shape. */
export function resultCounts(result: unknown): string {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return '';
  return Object.entries(result as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k} ${v as number}`)
    .join(', ');
}

/** The human summary of one settled job and its per-file errors (at most `maxErrors` listed). */
export function describeJob(job: Job, errors: JobFileError[], maxErrors = 50): string {
  const secs = jobSeconds(job);
  const took = secs === null ? '' : ` in ${secs < 60 ? `${secs.toFixed(1)} s` : formatDuration(secs)}`;
  const counts = resultCounts(job.result);
  const lines = [`${job.title} (#${job.id}) ${job.status}${took}: ${job.done}/${job.total}${counts ? ` (${counts})` : ''}`];
  if (job.error) lines.push(`  error: ${job.error.message}`);
  if (errors.length) {
    lines.push(`  ${plural(errors.length, 'problem')}:`);
    const shown = errors.slice(0, maxErrors).map((e) => [`    ${e.path}`, e.code, oneLine(e.message, 120)]);
    lines.push(table(shown));
    if (errors.length > maxErrors) lines.push(`    … and ${errors.length - maxErrors} more (use --json to see every one)`);
  }
  return lines.join('\n');
}
