import { resolve } from 'node:path';
import { kohyaExportResult } from '../../shared/contract';
import { optionalString, printJson, println, requireString, UsageError, type Command } from '../command';
import { requireDataset } from '../datasets';
import { reportJobs, watchJobs } from '../jobs';

const FORMATS = ['kohya'] as const;

function positiveInt(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number of at least 1 (got "${text}").`);
  return n;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a dataset for training (kohya layout: <repeats>_<name>/ with pictures, captions and TOMLs).',
  usage: 'export --dataset NAME --format kohya --out DIR [--repeats N] [--name CONCEPT]',
  options: {
    dataset: { type: 'string', short: 'd' },
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    repeats: { type: 'string', short: 'r' },
    name: { type: 'string', short: 'n' },
  },
  async run(ctx) {
    const datasetName = requireString(ctx, 'dataset', 'the dataset to export.');
    const format = requireString(ctx, 'format', `one of ${FORMATS.join(', ')}.`);
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}").`);
    const outDir = resolve(requireString(ctx, 'out', 'the folder to write the export into.'));
    const repeats = positiveInt(optionalString(ctx, 'repeats'), 'repeats');
    const name = optionalString(ctx, 'name');

    const { core, client } = ctx.open({ startJobs: true });
    const dataset = await requireDataset(client, datasetName);
    const { jobId } = await client.call('export.kohya', { datasetId: dataset.id, outDir, repeats, name });
    const stop = () => void core.jobs.close();
    ctx.signal.addEventListener('abort', stop, { once: true });
    const outcomes = await watchJobs(ctx, client, [jobId]);
    ctx.signal.removeEventListener('abort', stop);

    const job = outcomes[0]!.job;
    const parsed = kohyaExportResult.safeParse(job.result);
    if (ctx.json) printJson(ctx, { job: { ...job, errors: outcomes[0]!.errors }, result: parsed.success ? parsed.data : null });
    const code = reportJobs(ctx, outcomes);
    if (!ctx.json && parsed.success) {
      const r = parsed.data;
      println(ctx, `Exported ${r.imageCount} pictures to ${r.imageDir}${r.skipped ? ` (${r.skipped} skipped)` : ''}.`);
      println(ctx, `sd-scripts dataset config: ${r.sdScriptsToml}`);
      println(ctx, `musubi-tuner dataset config: ${r.musubiToml}`);
    }
    return code;
  },
};
