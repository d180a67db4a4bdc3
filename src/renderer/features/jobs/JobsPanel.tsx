import { useEffect, useState } from 'react';
import { ActionIcon, Anchor, Progress, Tooltip } from '@mantine/core';
import { kohyaExportResult, type Job } from '../../../shared/contract';
import { Deferred, lazyNamed } from '../../app/Deferred';
import { ErrorText } from '../../app/CoreText';
import { describeError } from '../../app/errors';
import { attempt, showNotice } from '../../app/notify';
import { IconX } from '../../app/icons';
import { useApp, useJobs, useStudio } from '../../app/studio-context';
import { stringsNow, useStrings } from '../../i18n';
import { ACTIVE } from '../../state/jobs-store';
import { formatDuration, progressText, rateText } from './format';
import { jobStrings } from './i18n';
import { JobName } from './job-label';

const JobErrorsDialog = lazyNamed(() => import('./JobErrorsDialog'), 'JobErrorsDialog');

/** Finished jobs kept in view under the running ones. */
const RECENT = 4;

/** The sidebar's jobs: progress, rate, ETA, cancel, problems; and a notification when one ends. */
export function JobsPanel() {
  const studio = useStudio();
  const t = useStrings(jobStrings);
  const jobs = useJobs((s) => s.jobs);
  const [errorsOf, setErrorsOf] = useState<Job | null>(null);

  useEffect(() => studio.jobs.getState().onEnded((job) => notifyEnded(job, studio.app.getState().datasets)), [studio]);

  const active = jobs.filter((j) => ACTIVE.has(j.status));
  const recent = jobs.filter((j) => !ACTIVE.has(j.status)).slice(0, RECENT);
  const shown = [...active, ...recent];

  return (
    <div className="sidebar-section sidebar-foot" data-testid="jobs-panel">
      <div className="sidebar-heading">
        <span>{t.jobs}</span>
        {active.length > 0 && <span style={{ textTransform: 'none' }}>{active.length}</span>}
      </div>
      <div className="jobs">
        {shown.length === 0 && <div className="sidebar-empty" style={{ padding: '0 4px 4px' }}>{t.noJobs}</div>}
        {shown.map((job) => (
          <JobRow key={job.id} job={job} onShowErrors={() => setErrorsOf(job)} />
        ))}
      </div>
      <Deferred when={errorsOf !== null}>
        <JobErrorsDialog job={errorsOf} onClose={() => setErrorsOf(null)} />
      </Deferred>
    </div>
  );
}

function JobRow({ job, onShowErrors }: { job: Job; onShowErrors(): void }) {
  const { jobs } = useStudio();
  const t = useStrings(jobStrings);
  const datasetName = useApp((s) => s.datasets.find((d) => d.id === job.datasetId)?.name ?? null);
  const running = job.status === 'running';
  const pct = job.total > 0 ? (job.done / job.total) * 100 : 0;
  const statusText = { queued: t.queued, running: t.running, done: t.done, failed: t.failed, cancelled: t.cancelled, interrupted: t.interrupted }[job.status];
  const color = { queued: 'gray', running: undefined, done: 'teal', failed: 'red', cancelled: 'gray', interrupted: 'yellow' }[job.status];

  return (
    <div className="job" data-testid="job" data-status={job.status} data-kind={job.kind}>
      <div className="job-head">
        <div className="job-title">
          <JobName job={job} datasetName={datasetName} />
        </div>
        {ACTIVE.has(job.status) && (
          <Tooltip label={t.cancel}>
            <ActionIcon size="xs" onClick={() => void attempt(() => jobs.getState().cancel(job.id))} aria-label={t.cancel} data-testid="job-cancel">
              <IconX size={12} />
            </ActionIcon>
          </Tooltip>
        )}
      </div>
      {(running || job.status === 'queued') && <Progress value={pct} size="sm" mt={5} animated={running && job.total === 0} striped={job.total === 0} />}
      <div className="job-meta">
        <span style={{ color: color ? `var(--mantine-color-${color}-text)` : undefined }}>{statusText}</span>
        {job.total > 0 && <span data-testid="job-progress">{progressText(job, t)}</span>}
        {running && job.rate !== null && <span>{rateText(job.rate, job.unit, t)}</span>}
        {running && job.etaSeconds !== null && <span>{t.left(formatDuration(job.etaSeconds, t))}</span>}
      </div>
      {job.status === 'failed' && job.error && (
        <div className="job-meta" style={{ color: 'var(--mantine-color-red-text)', display: 'block' }}>
          {describeError(job.error).title}
          {': '}
          <ErrorText error={describeError(job.error)} />
        </div>
      )}
      {job.errorCount > 0 && (
        <Anchor component="button" size="xs" onClick={onShowErrors} data-testid="job-errors">
          {t.errors(job.errorCount)}
        </Anchor>
      )}
    </div>
  );
}

function notifyEnded(job: Job, datasets: { id: number; name: string }[]): void {
  const t = stringsNow(jobStrings);
  const name = <JobName job={job} datasetName={datasets.find((d) => d.id === job.datasetId)?.name ?? null} />;
  const title = (ended: string) => (
    <>
      {name}
      {ended}
    </>
  );
  if (job.status === 'done') {
    const exported = job.kind === 'export.kohya' ? kohyaExportResult.safeParse(job.result) : null;
    const message = (
      <span data-testid="job-ended">
        {exported?.success ? (
          <>
            {t.exportedTo(exported.data.imageCount)} <span translate="no">{exported.data.imageDir}</span>
            {t.sentenceEnd}
          </>
        ) : (
          job.total > 0 && t.ended[job.unit](job.done)
        )}
        {job.errorCount > 0 && ` ${t.withProblems(job.errorCount)}`}
      </span>
    );
    showNotice({ color: job.errorCount ? 'yellow' : 'teal', title: title(t.finished), message, autoClose: 6000 });
  } else if (job.status === 'failed') {
    const e = job.error ? describeError(job.error) : null;
    const message = e && (
      <>
        <ErrorText error={e} /> — {e.advice}
      </>
    );
    showNotice({ color: 'red', title: title(t.failedTitle), message, autoClose: 10000 });
  } else if (job.status === 'cancelled') {
    showNotice({ color: 'gray', title: title(t.cancelledTitle), message: '', autoClose: 3000 });
  }
}
