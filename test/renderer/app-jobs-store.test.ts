import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/shared/contract';
import { harness, until } from './memory-studio';

describe('app store', () => {
  it('creates, renames, selects and deletes datasets, and follows changes from other clients', async () => {
    const { studio, core } = harness();
    await studio.init();
    const app = studio.app;
    expect(app.getState().info?.host).toBe('memory');
    const b = await app.getState().createDataset('beta');
    const a = await app.getState().createDataset('Alpha');
    expect(app.getState().datasets.map((d) => d.name)).toEqual(['Alpha', 'beta']);
    expect(app.getState().datasetId).toBe(a.id);
    expect(studio.gallery.getState().datasetId).toBe(a.id);
    await app.getState().renameDataset(b.id, 'Gamma');
    expect(app.getState().datasets.map((d) => d.name)).toEqual(['Alpha', 'Gamma']);
    await expect(app.getState().createDataset('alpha')).rejects.toMatchObject({ code: 'CONFLICT' });
    // Another window creates one: the list follows.
    await core.connect().call('datasets.create', { name: 'Delta' });
    await until(() => app.getState().datasets.length === 3);
    await app.getState().deleteDataset(a.id);
    expect(app.getState().datasetId).not.toBe(a.id);
    expect(app.getState().datasets.map((d) => d.name)).toEqual(['Delta', 'Gamma']);
  });

  it('saves settings and switches the UI language', async () => {
    const { studio } = harness();
    await studio.init();
    const { langStore } = await import('../../src/renderer/i18n');
    await studio.app.getState().updateSettings({ language: 'zh-CN', theme: 'dark' });
    expect(langStore.getState().lang).toBe('zh-CN');
    expect(studio.app.getState().settings).toMatchObject({ language: 'zh-CN', theme: 'dark' });
    await studio.app.getState().updateSettings({ language: 'en' });
    expect(langStore.getState().lang).toBe('en');
  });
});

describe('jobs store', () => {
  it('follows job events, reports jobs that end, and cancels', async () => {
    const { studio, core } = harness();
    let release: () => void = () => undefined;
    core.jobs.register({
      kind: 'test.wait',
      run: (ctx) =>
        new Promise<void>((resolve, reject) => {
          ctx.progress(1, 4);
          release = resolve;
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    await studio.init();
    const ended: Job[] = [];
    studio.jobs.getState().onEnded((j) => ended.push(j));
    const first = core.jobs.create('test.wait', 'first', {});
    await until(() => studio.jobs.getState().jobs.some((j) => j.id === first.id && j.status === 'running'));
    release();
    await until(() => ended.length === 1);
    expect(ended[0]).toMatchObject({ id: first.id, status: 'done' });

    const second = core.jobs.create('test.wait', 'second', {});
    await until(() => studio.jobs.getState().jobs.some((j) => j.id === second.id && j.status === 'running'));
    await studio.jobs.getState().cancel(second.id);
    await until(() => ended.length === 2);
    expect(ended[1]).toMatchObject({ id: second.id, status: 'cancelled' });
    expect(studio.jobs.getState().jobs.map((j) => j.id)).toEqual([second.id, first.id]);
  });
});
