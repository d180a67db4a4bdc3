import { describe, expect, it } from 'vitest';
import { createAtelier } from '../../src/core/app';
import { AppError } from '../../src/shared/errors';
import { tmpDir } from '../helpers/tmp';

describe('contract over the in-memory transport', () => {
  it('creates, lists, renames and deletes datasets on a real SQLite file, with events', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
    const client = app.connect();
    const seen: string[] = [];
    client.on('dataset.changed', (e) => seen.push(e.change));
    await new Promise((r) => setTimeout(r, 0));
    const d = await client.call('datasets.create', { name: 'Portraits' });
    expect(d.kind).toBe('image');
    expect(await client.call('datasets.list', {})).toHaveLength(1);
    const renamed = await client.call('datasets.rename', { id: d.id, name: 'Faces' });
    expect(renamed.name).toBe('Faces');
    expect((await client.call('datasets.delete', { id: d.id })).deleted).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual(['created', 'meta', 'deleted']);
    await app.close();
  });

  it('rejects invalid input with a typed error and reports unknown ids as NOT_FOUND', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
    const client = app.connect();
    const bad = await client.call('datasets.create', { name: '   ' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).code).toBe('INVALID_INPUT');
    expect((bad as AppError).message).toMatch(/needs a name/);
    const missing = await client.call('datasets.get', { id: 999 }).catch((e: unknown) => e);
    expect((missing as AppError).code).toBe('NOT_FOUND');
    await client.call('datasets.create', { name: 'A' });
    const dup = await client.call('datasets.create', { name: 'a' }).catch((e: unknown) => e);
    expect((dup as AppError).code).toBe('CONFLICT');
    await app.close();
  });
});
