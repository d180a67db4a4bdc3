import { printJson, println, optionalString, UsageError, type CliContext, type Command } from '../command';
import { formatBytes, table } from '../format';
import { reportJobs, watchJobs } from '../jobs';

const ACTIONS = ['list', 'catalog', 'download', 'delete', 'add', 'providers'] as const;

function arg(ctx: CliContext, what: string): string {
  const v = ctx.positionals[1];
  if (!v) throw new UsageError(`models ${ctx.positionals[0]} needs ${what}.`);
  return v;
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'Tagger models: list, catalog, download ID, delete ID, add DIR, providers (HF_TOKEN / HF_ENDPOINT are used when Settings leave them unset).',
  usage: 'models [list | catalog | download ID | delete ID | add DIR [--name NAME] | providers]',
  options: { name: { type: 'string', short: 'n' } },
  positionals: true,
  async run(ctx) {
    const action = ctx.positionals[0] ?? 'list';
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`Unknown models action "${action}": use one of ${ACTIONS.join(', ')}.`);

    if (action === 'download') {
      const id = arg(ctx, 'a catalog model id (see `atelier models catalog`)');
      const { core, client } = ctx.open({ startJobs: true });
      const { jobId } = await client.call('models.download', { id });
      // Ctrl+C: the partial files stay; the same command resumes them.
      const stop = () => void core.jobs.close();
      ctx.signal.addEventListener('abort', stop, { once: true });
      const outcomes = await watchJobs(ctx, client, [jobId]);
      ctx.signal.removeEventListener('abort', stop);
      if (ctx.json) printJson(ctx, outcomes[0]!.job);
      return reportJobs(ctx, outcomes);
    }

    const { client } = ctx.open({ startJobs: false });
    if (action === 'catalog') {
      const list = await client.call('models.catalog', {});
      if (ctx.json) return printJson(ctx, list);
      const rows = [['ID', 'NAME', 'SIZE', 'BATCH', 'STATE']];
      for (const m of list) {
        const size = m.files.every((f) => f.bytes) ? m.files.reduce((a, f) => a + (f.bytes ?? 0), 0) : m.approxBytes;
        const state = m.status === 'partial' ? `partial (${formatBytes(m.downloadedBytes)})` : m.status;
        rows.push([m.id, m.name, size ? formatBytes(size) : '?', String(m.batch), m.jobId ? `${state}, job #${m.jobId}` : state]);
      }
      return println(ctx, table(rows));
    }
    if (action === 'delete') {
      const r = await client.call('models.delete', { id: arg(ctx, 'a model id') });
      if (ctx.json) return printJson(ctx, r);
      return println(ctx, r.deleted ? `Deleted (${formatBytes(r.freedBytes)} freed).` : 'Nothing to delete.');
    }
    if (action === 'add') {
      const m = await client.call('models.addLocal', { path: arg(ctx, 'a folder holding model.onnx and selected_tags.csv'), name: optionalString(ctx, 'name') });
      if (ctx.json) return printJson(ctx, m);
      return println(ctx, `Added ${m.name} as ${m.id} (${formatBytes(m.diskBytes)}).`);
    }
    if (action === 'providers') {
      const p = await client.call('models.providers', {});
      if (ctx.json) return printJson(ctx, p);
      const rows = [['PROVIDER', 'AVAILABLE', 'WHY NOT']];
      for (const x of p.providers) rows.push([x.label, x.available ? 'yes' : 'no', x.reason ?? '']);
      println(ctx, table(rows));
      return println(ctx, `auto uses ${p.providers.find((x) => x.name === p.best)!.label}${p.gpuName ? ` (${p.gpuName})` : ''}.`);
    }
    const list = await client.call('models.list', {});
    if (ctx.json) return printJson(ctx, list);
    if (!list.length) return println(ctx, 'No models yet. See `atelier models catalog`, then `atelier models download ID`.');
    const rows = [['ID', 'SOURCE', 'STATE', 'SIZE', 'FOLDER']];
    for (const m of list) rows.push([m.id, m.source, m.error ? `${m.status}: ${m.error}` : m.status, formatBytes(m.diskBytes), m.dir]);
    println(ctx, table(rows));
  },
};
