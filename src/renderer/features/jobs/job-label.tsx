import type { Job } from '../../../shared/contract';
import { jobKindLabels } from '../../app/pages';
import { useLang, type Lang } from '../../i18n';

/** A job's kind in the UI language when registered (app/pages.ts jobKindLabels), else null: show its own title. */
function jobKindLabel(job: Job, lang: Lang): string | null {
  return jobKindLabels[job.kind]?.[lang] ?? null;
}

/** "Import · cats" (the dataset's name as it is), or the service's own title for unregistered kinds. */
export function JobName({ job, datasetName }: { job: Job; datasetName: string | null }) {
  const kind = jobKindLabel(job, useLang());
  if (!kind) return <span translate="no" title={job.title}>{job.title}</span>;
  return (
    <>
      {kind}
      {datasetName && (
        <span style={{ fontWeight: 400, color: 'var(--mantine-color-dimmed)' }}>
          {' · '}
          <span translate="no" title={datasetName}>
            {datasetName}
          </span>
        </span>
      )}
    </>
  );
}
