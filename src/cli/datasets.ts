import type { Dataset } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { Client } from '../shared/rpc';

export async function findDataset(client: Client, name: string): Promise<Dataset | null> {
  const wanted = name.trim().toLowerCase();
  return (await client.call('datasets.list', {})).find((d) => d.name.toLowerCase() === wanted) ?? null;
}

export async function requireDataset(client: Client, name: string): Promise<Dataset> {
  const d = await findDataset(client, name);
  if (!d) throw new AppError('NOT_FOUND', `There is no dataset named "${name}". Run \`atelier datasets\` to see the names.`);
  return d;
}
