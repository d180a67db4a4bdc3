import type { Job, JobFileError } from '../shared/contract';
import type { Client } from '../shared/rpc';
import { println, type CliContext } from './command';
import { describeJob } from './job-report';
import { ProgressView } from './progress';

/** Statuses after which a job does no more work in this process ('interrupted': the core closed under it). */
export function isSettled(status: Job['status']): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled' || status === 'interrupted';
}

/** Follows jobs through their events until every one has settled; returns their final state in input order. */
export async function followJobs(client: Client, jobIds: number[], onUpdate: (job: Job) => void): Promise<Job[]> {
  const latest = new Map<number, Job>();
  let resolveAll!: () => void;
  const allSettled = new Promise<void>((r) => (resolveAll = r));
  const check = () => {
    if (jobIds.every((id) => {
      const j = latest.get(id);
      return j && isSettled(j.status);
    })) resolveAll();
  };
  // Subscribe first, then read a snapshot: the server handles messages in order, so no update falls in between.
  const off = client.on('job.updated', (job) => {
    if (!jobIds.includes(job.id)) return;
    latest.set(job.id, job);
    onUpdate(job);
    check();
  });
  try {
    for (const id of jobIds) {
      const job = await client.call('jobs.get', { jobId: id });
      if (!latest.has(id)) latest.set(id, job);
    }
    check();
    await allSettled;
  } finally {
    off();
  }
  return jobIds.map((id) => latest.get(id)!);
}

/** Every per-file error of a job (the contract pages them). */
export async function allJobErrors(client: Client, jobId: number): Promise<JobFileError[]> {
  const out: JobFileError[] = [];
  for (;;) {
    const page = await client.call('jobs.errors', { jobId, offset: out.length, limit: 5000 });
    out.push(...page.errors);
    if (page.errors.length === 0 || out.length >= page.total) return out;
  }
}

export interface JobOutcome {
  job: Job;
  errors: JobFileError[];
}

/** Follows jobs with a progress view on stderr (so --json output on stdout stays clean), then fetches their errors. */
export async function watchJobs(ctx: CliContext, client: Client, jobIds: number[]): Promise<JobOutcome[]> {
  const view = new ProgressView(ctx.stderr);
  const finals = await followJobs(client, jobIds, (job) => {
    if (job.status === 'running') view.update(job, `${job.title} #${job.id}`);
  });
  view.clear();
  return Promise.all(finals.map(async (job) => ({ job, errors: await allJobErrors(client, job.id) })));
}

/** Prints each outcome (text mode) and turns them into the exit code: 0 all done, 130 interrupted, 1 otherwise. */
export function reportJobs(ctx: CliContext, outcomes: JobOutcome[]): number {
  if (!ctx.json) for (const o of outcomes) println(ctx, describeJob(o.job, o.errors));
  let code = 0;
  for (const { job } of outcomes) {
    if (job.status === 'interrupted') {
      ctx.stderr.write(`atelier: ${job.title} (#${job.id}) was interrupted; it resumes where it stopped the next time Atelier opens this data folder (run the same command again).\n`);
      code = Math.max(code, 130);
    } else if (job.status !== 'done') {
      const why = job.error ? `: ${job.error.message}` : '.';
      ctx.stderr.write(`atelier: ${job.title} (#${job.id}) ${job.status}${why}\n`);
      code = Math.max(code, 1);
    }
  }
  return code;
}
