import { resolve } from 'node:path';
import { printJson, println, requireString, UsageError, type Command } from '../command';
import { findDataset } from '../datasets';
import { reportJobs, watchJobs } from '../jobs';
import { plural } from '../format';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import folders, pictures and zip archives into a dataset (created if missing).',
  usage: 'import PATH... --dataset NAME [--copy]',
  options: {
    dataset: { type: 'string', short: 'd' },
    copy: { type: 'boolean', default: false },
  },
  positionals: true,
  async run(ctx) {
    const name = requireString(ctx, 'dataset', 'the dataset to import into (created if missing).');
    if (ctx.positionals.length === 0) throw new UsageError('Give at least one folder, picture or zip archive to import.');
    const paths = ctx.positionals.map((p) => resolve(p));

    const { core, client } = ctx.open({ startJobs: true });
    const existing = await findDataset(client, name);
    const dataset = existing ?? (await client.call('datasets.create', { name }));
    // Imports of this dataset that a crash or a quit interrupted were re-queued when the core opened.
    const interrupted = (await client.call('jobs.list', { active: true, limit: 1000 })).filter((j) => j.datasetId === dataset.id);
    const { jobId } = await client.call('import.start', { datasetId: dataset.id, paths, copy: ctx.values.copy === true }).catch(async (err: unknown) => {
      // A mistyped path must not leave an empty dataset behind.
      if (!existing) await client.call('datasets.delete', { id: dataset.id });
      throw err;
    });
    const kind = (await client.call('jobs.get', { jobId })).kind;
    // The same import run again is that interrupted job, continued; other interrupted imports are seen through too.
    const resumed = interrupted.filter((j) => j.kind === kind && j.id !== jobId).map((j) => j.id).sort((a, b) => a - b);
    if (!ctx.json && interrupted.some((j) => j.id === jobId)) println(ctx, `Resuming the interrupted import #${jobId} where it stopped.`);
    if (resumed.length && !ctx.json) println(ctx, `Resuming ${plural(resumed.length, 'other interrupted import')} of "${dataset.name}" first.`);

    // Ctrl+C stops the jobs the way quitting the app does: they stay resumable.
    const stop = () => void core.jobs.close();
    ctx.signal.addEventListener('abort', stop, { once: true });
    const outcomes = await watchJobs(ctx, client, [...resumed, jobId]);
    ctx.signal.removeEventListener('abort', stop);

    const after = await client.call('datasets.get', { id: dataset.id });
    if (ctx.json) printJson(ctx, { dataset: after, jobs: outcomes.map((o) => ({ ...o.job, errors: o.errors })) });
    const code = reportJobs(ctx, outcomes);
    if (!ctx.json) println(ctx, `Dataset "${after.name}": ${plural(after.itemCount, 'item')}, ${plural(after.errorCount, 'error')}.`);
    return code;
  },
};
