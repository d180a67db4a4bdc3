import type { Job } from '../../../shared/contract';
import { jobKindLabels } from '../../app/pages';
import type { Lang } from '../../i18n';

/** A job's kind in the UI language when registered (app/pages.ts jobKindLabels), else null: show its own title. */
export function jobKindLabel(job: Job, lang: Lang): string | null {
  return jobKindLabels[job.kind]?.[lang] ?? null;
}

/** One line for notifications: "Import · cats", or the service's title for unregistered kinds. */
export function jobText(job: Job, lang: Lang, datasetName: string | null): string {
  const kind = jobKindLabel(job, lang);
  if (!kind) return job.title;
  return datasetName ? `${kind} · ${datasetName}` : kind;
}
