import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/shared/contract';
import { AppError } from '../../src/shared/errors';
import { createMemoryPorts, serveRpc, type Handlers } from '../../src/shared/rpc';
import { transports } from './transports';

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

/** One suite, run over every transport: the in-memory one and a real WebSocket to the headless host. */
describe.each(transports)('contract over the $name transport', (t) => {
  it('creates, lists, renames and deletes datasets on a real SQLite file, with events', async () => {
    const { client } = await t.open();
    const seen: string[] = [];
    client.on('dataset.changed', (e) => seen.push(e.change));
    await tick(0);
    const d = await client.call('datasets.create', { name: 'Portraits' });
    expect(d.kind).toBe('image');
    expect(await client.call('datasets.list', {})).toHaveLength(1);
    const renamed = await client.call('datasets.rename', { id: d.id, name: 'Faces' });
    expect(renamed.name).toBe('Faces');
    expect((await client.call('datasets.delete', { id: d.id })).deleted).toBe(true);
    await tick();
    expect(seen).toEqual(['created', 'meta', 'deleted']);
  });

  it('rejects invalid input with a typed error and reports unknown ids as NOT_FOUND', async () => {
    const { client } = await t.open();
    const bad = await client.call('datasets.create', { name: '   ' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).code).toBe('INVALID_INPUT');
    expect((bad as AppError).message).toMatch(/needs a name/);
    const missing = await client.call('datasets.get', { id: 999 }).catch((e: unknown) => e);
    expect((missing as AppError).code).toBe('NOT_FOUND');
    await client.call('datasets.create', { name: 'A' });
    const dup = await client.call('datasets.create', { name: 'a' }).catch((e: unknown) => e);
    expect((dup as AppError).code).toBe('CONFLICT');
  });

  it('answers an unknown method with NOT_FOUND and never sends a stack trace', async () => {
    const { client } = await t.open();
    const err = (await client.call('no.such' as 'datasets.list', {}).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('NOT_FOUND');
    expect(JSON.stringify(err.toJSON())).not.toMatch(/at .*\.ts:\d+/);
    // Names every object inherits are not calls either.
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
      const e = (await client.call(name as 'datasets.list', {}).catch((x: unknown) => x)) as AppError;
      expect(e.code, name).toBe('NOT_FOUND');
      expect(e.message, name).toBe(`Unknown call "${name}".`);
    }
  });

  it('cancels a call: the caller gets CANCELLED at once and the handler sees its signal abort', async () => {
    const { app, client } = await t.open();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let handlerAborted!: (reason: unknown) => void;
    const aborted = new Promise<unknown>((r) => (handlerAborted = r));
    // A long call that stops when cancelled, answering what it has (which the cancelled caller must not get).
    app.handlers['datasets.list'] = (_input, ctx) =>
      new Promise((resolve) => {
        started();
        ctx.signal.addEventListener('abort', () => {
          handlerAborted(ctx.signal.aborted);
          resolve([]);
        });
      });
    const ac = new AbortController();
    const call = client.call('datasets.list', {}, { signal: ac.signal }).catch((e: unknown) => e);
    await running;
    ac.abort();
    const err = (await call) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('CANCELLED');
    expect(await aborted).toBe(true);
    // An already aborted signal never reaches the server; the connection stays usable.
    const early = (await client.call('datasets.get', { id: 1 }, { signal: AbortSignal.abort() }).catch((e: unknown) => e)) as AppError;
    expect(early.code).toBe('CANCELLED');
    expect((await client.call('settings.get', {})).theme).toBeDefined();
  });

  it('round-trips settings and items, applying schema defaults on the server', async () => {
    const { client } = await t.open();
    const s = await client.call('settings.update', { theme: 'dark', language: 'zh-CN' });
    expect(s).toMatchObject({ theme: 'dark', language: 'zh-CN', privateMode: false });
    expect((await client.call('settings.get', {})).theme).toBe('dark');
    const d = await client.call('datasets.create', { name: '中文 dataset ✓' });
    expect((await client.call('datasets.get', { id: d.id })).name).toBe('中文 dataset ✓');
    const page = await client.call('items.list', { datasetId: d.id });
    expect(page).toEqual({ total: 0, items: [] });
  });

  it('streams job progress events, lists and cancels a job, and stops events after unsubscribing', async () => {
    const { app, client } = await t.open();
    app.jobs.register({
      kind: 'test.count',
      async run(ctx) {
        for (let i = 1; i <= 1000; i++) {
          if (ctx.signal.aborted) throw new AppError('CANCELLED', 'Cancelled.');
          ctx.progress(i, 1000);
          await tick(5);
        }
        return { counted: 1000 };
      },
    });
    const updates: Job[] = [];
    const off = client.on('job.updated', (j) => updates.push(j));
    await tick(0);
    const job = app.jobs.create('test.count', 'Count', {});
    for (let i = 0; i < 100 && !updates.some((u) => u.status === 'running' && u.done > 0); i++) await tick();
    const running = updates.filter((u) => u.id === job.id && u.status === 'running');
    expect(running.length).toBeGreaterThan(0);
    expect((await client.call('jobs.list', { active: true })).map((j) => j.id)).toContain(job.id);

    const cancelled = await client.call('jobs.cancel', { jobId: job.id });
    expect(['running', 'cancelled']).toContain(cancelled.status);
    const final = await app.jobs.wait(job.id);
    expect(final.status).toBe('cancelled');
    await tick();
    expect(updates.at(-1)?.status).toBe('cancelled');

    off();
    await tick();
    const before = updates.length;
    await client.call('datasets.create', { name: 'after unsubscribe' });
    const second = app.jobs.create('test.count', 'Count again', {});
    await tick(100);
    app.jobs.cancel(second.id);
    await app.jobs.wait(second.id);
    await tick();
    expect(updates.length).toBe(before);
  });
});

describe('RPC server', () => {
  it('subscribes only to events of the contract (not to names every object inherits)', async () => {
    const [serverPort, clientPort] = createMemoryPorts();
    const subscribed: string[] = [];
    serveRpc(serverPort, {} as Handlers, {
      subscribe(event) {
        subscribed.push(event);
        return () => {};
      },
    });
    for (const event of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'no.such', 'job.updated']) clientPort.post({ t: 'sub', event });
    await tick(0);
    expect(subscribed).toEqual(['job.updated']);
  });
});
