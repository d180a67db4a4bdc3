import { printJson, println, type Command } from '../command';
import { table } from '../format';

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'List the datasets with their item and error counts.',
  usage: 'datasets',
  async run(ctx) {
    const { client } = ctx.open({ startJobs: false });
    const list = await client.call('datasets.list', {});
    if (ctx.json) return printJson(ctx, list);
    if (!list.length) return println(ctx, 'No datasets yet. Create one with `atelier import PATH --dataset NAME`.');
    const rows = [['NAME', 'KIND', 'ITEMS', 'ERRORS', 'SOURCES']];
    for (const d of list) {
      rows.push([d.name, d.kind, String(d.itemCount), String(d.errorCount), d.roots.map((r) => r.path).join(', ') || '-']);
    }
    println(ctx, table(rows));
  },
};
