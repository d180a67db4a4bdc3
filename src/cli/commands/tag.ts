import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { providerRequests, tagRunResultSchema, type ProviderRequest, type TagSelectionInput } from '../../shared/contract';
import { optionalString, printJson, println, requireString, UsageError, type Command } from '../command';
import { requireDataset } from '../datasets';
import { formatRate } from '../format';
import { reportJobs, watchJobs } from '../jobs';

function threshold(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name} must be a number from 0 to 1 (got "${text}").`);
  return n;
}

export const tagCommand: Command = {
  name: 'tag',
  summary: 'Tag a dataset with a WD tagger model (scores are kept: changing thresholds later needs no new run).',
  usage:
    'tag --dataset NAME --model ID|DIR [--general T] [--character T] [--mcut] [--rating] [--batch N] [--provider auto|cpu|cuda|...] [--force]',
  options: {
    dataset: { type: 'string', short: 'd' },
    model: { type: 'string', short: 'm' },
    general: { type: 'string' },
    character: { type: 'string' },
    mcut: { type: 'boolean' },
    rating: { type: 'boolean' },
    batch: { type: 'string' },
    provider: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(ctx) {
    const datasetName = requireString(ctx, 'dataset', 'the dataset to tag.');
    let model = requireString(ctx, 'model', 'a downloaded model id (see `atelier models`) or a folder with model.onnx and selected_tags.csv.');
    if (existsSync(model)) model = resolve(model);
    const provider = (optionalString(ctx, 'provider') ?? 'auto') as ProviderRequest;
    if (!providerRequests.includes(provider)) throw new UsageError(`--provider must be one of ${providerRequests.join(', ')} (got "${provider}").`);
    const batchText = optionalString(ctx, 'batch');
    const batch = batchText === undefined ? undefined : Number(batchText);
    if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 256)) throw new UsageError(`--batch must be a whole number from 1 to 256 (got "${batchText}").`);
    const selection: Partial<TagSelectionInput> = {};
    const general = threshold(optionalString(ctx, 'general'), 'general');
    const character = threshold(optionalString(ctx, 'character'), 'character');
    if (general !== undefined) selection.general = general;
    if (character !== undefined) selection.character = character;
    if (ctx.values.mcut) Object.assign(selection, { generalMcut: true, characterMcut: true });
    if (ctx.values.rating) selection.rating = 'best';

    const { core, client } = ctx.open({ startJobs: true });
    const dataset = await requireDataset(client, datasetName);
    const { jobId } = await client.call('tagger.run', {
      datasetId: dataset.id,
      model,
      provider,
      force: !!ctx.values.force,
      ...(batch ? { batch } : {}),
      ...(Object.keys(selection).length ? { selection } : {}),
    });
    // Say which provider runs as soon as the job knows, with a warning when a requested (or, under auto, an
    // expected) GPU was not usable.
    let announced = false;
    const off = client.on('job.updated', (job) => {
      if (announced || job.id !== jobId || job.status !== 'running' || !job.message) return;
      announced = true;
      const fellBack = job.message.includes('(fallback)');
      ctx.stderr.write(`${fellBack ? 'warning: ' : ''}${job.message}\n`);
    });
    const stop = () => void core.jobs.close();
    ctx.signal.addEventListener('abort', stop, { once: true });
    const outcomes = await watchJobs(ctx, client, [jobId]);
    ctx.signal.removeEventListener('abort', stop);
    off();

    const job = outcomes[0]!.job;
    const parsed = tagRunResultSchema.safeParse(job.result);
    if (ctx.json) printJson(ctx, { job: { ...job, errors: outcomes[0]!.errors }, result: parsed.success ? parsed.data : null });
    const code = reportJobs(ctx, outcomes);
    if (!ctx.json && parsed.success) {
      const r = parsed.data;
      println(ctx, `Model ${r.modelId} on ${r.provider.toUpperCase()}${r.requested !== r.provider ? ` (asked for ${r.requested})` : ''}, batch ${r.batch}: scored ${r.scored}, skipped ${r.skipped} already scored, ${r.failed} failed, ${formatRate(r.imagesPerSecond, 'images')}.`);
      if (r.warning) {
        const what = r.requested === 'auto' ? 'no GPU provider could start' : `${r.requested} was not used`;
        ctx.stderr.write(`warning: ${what}, tagging ran on ${r.provider.toUpperCase()}: ${r.warning}\n`);
      }
      const sel = await client.call('tagger.getSelection', { datasetId: dataset.id, modelId: r.modelId });
      println(ctx, `Tags written with general > ${sel.generalMcut ? 'MCut' : sel.general}, character > ${sel.characterMcut ? 'MCut' : sel.character}. Change them with the tagger panel; no new run is needed.`);
    }
    return code;
  },
};
