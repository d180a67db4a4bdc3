import type { ItemSummary, ItemTag } from '../../shared/contract';
import type { Client } from '../../shared/rpc';
import { printJson, println, requireString, type Command } from '../command';
import { requireDataset } from '../datasets';
import { formatBytes, oneLine, table } from '../format';

const PAGE = 5000;

/** One line of `atelier items --json`. */
export interface ItemLine {
  id: number;
  path: string;
  relPath: string;
  status: ItemSummary['status'];
  errorCode: string | null;
  error: string | null;
  size: number | null;
  width: number | null;
  height: number | null;
  format: string | null;
  sha256: string | null;
  caption: string | null;
  tags: ItemTag[];
}

/** Every item of a dataset in name order, whatever its status (missing files too), with its tags: one call a page. */
export async function listAllItems(client: Client, datasetId: number): Promise<ItemLine[]> {
  const out: ItemLine[] = [];
  for (;;) {
    const { items } = await client.call('items.all', { datasetId, offset: out.length, limit: PAGE });
    for (const i of items) {
      out.push({
        id: i.id,
        path: i.absPath,
        relPath: i.relPath,
        status: i.status,
        errorCode: i.errorCode,
        error: i.error,
        size: i.byteSize,
        width: i.width,
        height: i.height,
        format: i.format,
        sha256: i.sha256,
        caption: i.caption,
        tags: i.tags,
      });
    }
    if (items.length < PAGE) return out;
  }
}

export const itemsCommand: Command = {
  name: 'items',
  summary: 'List every item of a dataset: path, status, error, size, resolution, sha256, caption and tags.',
  usage: 'items --dataset NAME',
  options: { dataset: { type: 'string', short: 'd' } },
  async run(ctx) {
    const name = requireString(ctx, 'dataset', 'the dataset whose items to list.');
    const { client } = ctx.open({ startJobs: false });
    const dataset = await requireDataset(client, name);
    const items = await listAllItems(client, dataset.id);
    if (ctx.json) return printJson(ctx, items);
    if (!items.length) return println(ctx, `Dataset "${dataset.name}" has no items.`);
    const rows = [['STATUS', 'SIZE', 'PIXELS', 'PATH', 'TAGS / CAPTION / ERROR']];
    for (const i of items) {
      const px = i.width && i.height ? `${i.width}x${i.height}` : '-';
      const note =
        i.status === 'error'
          ? `${i.errorCode ?? 'ERROR'}: ${i.error ?? ''}`
          : [i.tags.length ? `[${i.tags.map((t) => t.tag).join(', ')}]` : '', i.caption ?? ''].filter(Boolean).join(' ');
      rows.push([i.status, formatBytes(i.size), px, i.relPath, oneLine(note, 100)]);
    }
    println(ctx, table(rows));
    println(ctx, `\n${items.length} items.`);
  },
};
