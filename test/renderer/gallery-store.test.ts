import { describe, expect, it } from 'vitest';
import { MAX_INFLIGHT, PAGE_SIZE } from '../../src/renderer/state/gallery-store';
import { createStudio } from '../../src/renderer/state/studio';
import type { Connection } from '../../src/renderer/transport/types';
import { harness, seedItems, until } from './memory-studio';

describe('gallery store over the in-memory transport', () => {
  it('loads pages lazily by the visible range and keeps the total', async () => {
    const { core, studio } = harness();
    await studio.init();
    const d = await studio.app.getState().createDataset('big');
    const ids = seedItems(core, d.id, 1000);
    const g = studio.gallery;
    g.getState().refresh();
    g.getState().showRange({ start: 0, end: 59 });
    await until(() => g.getState().total === 1000 && g.getState().pages.has(0));
    // The page on screen, then the next one ahead.
    await until(() => g.getState().pages.has(1));
    expect([...g.getState().pages.keys()].sort()).toEqual([0, 1]);
    expect(g.getState().itemAt(0)?.id).toBe(ids[0]);
    expect(g.getState().itemAt(2 * PAGE_SIZE)).toBeUndefined();
    g.getState().showRange({ start: 950, end: 999 });
    await until(() => g.getState().pages.has(4));
    expect(g.getState().itemAt(999)?.relPath).toBe('img0999.png');
    expect(g.getState().pages.has(2)).toBe(false);
  });

  it('asks only for pages still on screen while the view races through the list', async () => {
    const { core, conn } = harness();
    let inflight = 0;
    let peak = 0;
    const asked: number[] = [];
    const counting: Connection = {
      ...conn,
      client: {
        ...conn.client,
        call: (async (method: string, input: { offset?: number }, opts?: unknown) => {
          if (method !== 'items.list') return conn.client.call(method as never, input as never, opts as never);
          asked.push(input.offset!);
          peak = Math.max(peak, ++inflight);
          try {
            return await conn.client.call(method as never, input as never, opts as never);
          } finally {
            inflight--;
          }
        }) as Connection['client']['call'],
      },
    };
    const studio = createStudio(counting, () => undefined);
    await studio.init();
    const d = await studio.app.getState().createDataset('race');
    seedItems(core, d.id, 20_000);
    const g = studio.gallery;
    g.getState().refresh();
    await until(() => g.getState().total === 20_000);
    // A scrollbar drag: 100 screens in a row, faster than any page can arrive.
    for (let i = 0; i < 100; i++) g.getState().showRange({ start: i * 200, end: i * 200 + 59 });
    await until(() => g.getState().pages.has(99));
    expect(peak).toBeLessThanOrEqual(MAX_INFLIGHT);
    expect(asked.length).toBeLessThan(12);
    studio.dispose();
  });

  it('selects by click, shift-range, ctrl-toggle, keyboard and select-all', async () => {
    const { core, studio } = harness();
    await studio.init();
    const d = await studio.app.getState().createDataset('sel');
    const ids = seedItems(core, d.id, 500);
    const g = studio.gallery;
    g.getState().refresh();
    g.getState().showRange({ start: 0, end: 99 });
    await until(() => g.getState().total === 500);
    await g.getState().click(5);
    expect([...g.getState().selected]).toEqual([ids[5]]);
    expect(g.getState().currentId).toBe(ids[5]);
    // The range reaches into a page that is not loaded: it asks the service for the ids.
    await g.getState().click(450, { range: true });
    expect(g.getState().selected.size).toBe(446);
    await g.getState().click(7, { toggle: true });
    expect(g.getState().selected.has(ids[7]!)).toBe(false);
    await g.getState().moveFocus(2);
    await g.getState().moveFocus(4, true);
    expect([...g.getState().selected].sort((a, b) => a - b)).toEqual(ids.slice(2, 5));
    await g.getState().moveFocus(10_000);
    expect(g.getState().focus).toBe(499);
    expect(g.getState().currentId).toBe(ids[499]);
    await g.getState().selectAll();
    expect(g.getState().selected.size).toBe(500);
    g.getState().clearSelection();
    expect(g.getState().selected.size).toBe(0);
  });

  it('filters, sorts, and follows edits made anywhere', async () => {
    const { core, studio, conn } = harness();
    await studio.init();
    const d = await studio.app.getState().createDataset('f');
    const ids = seedItems(core, d.id, 30);
    const g = studio.gallery;
    g.getState().showRange({ start: 0, end: 29 });
    g.getState().setQuery({ text: 'img001' });
    await until(() => g.getState().total === 10);
    g.getState().setQuery({ text: '', sort: 'size', desc: true });
    await until(() => g.getState().total === 30 && g.getState().itemAt(0)?.id === ids[29]);
    g.getState().setQuery({ sort: 'name', desc: false, status: 'uncaptioned' });
    await until(() => g.getState().total === 30 && g.getState().itemAt(0)?.id === ids[0]);
    // Another client edits: the gallery reloads what it shows.
    await conn.client.call('edits.apply', { datasetId: d.id, itemIds: [ids[0]!, ids[1]!], op: { kind: 'setCaption', text: 'x' } });
    await until(() => g.getState().total === 28);
    g.getState().setQuery({ status: 'all' });
    await until(() => g.getState().itemAt(0)?.caption === 'x');
    await conn.client.call('edits.apply', { datasetId: d.id, itemIds: ids.slice(0, 3), op: { kind: 'addTags', tags: ['red', 'blue'] } });
    await until(() => g.getState().itemAt(2)?.tagCount === 2);
    g.getState().setQuery({ tag: 'red' });
    await until(() => g.getState().total === 3);
  });

  describe('previous / next from the item panel', () => {
    async function listed(n: number) {
      const { core, studio, conn } = harness();
      await studio.init();
      const d = await studio.app.getState().createDataset('nav');
      const ids = seedItems(core, d.id, n);
      const g = studio.gallery;
      g.getState().refresh();
      g.getState().showRange({ start: 0, end: n - 1 });
      await until(() => g.getState().total === n && g.getState().pages.has(0));
      const current = () => g.getState().currentId;
      return { d, ids, g, conn, current };
    }

    it('goes on from the current item after the sort or a filter changed', async () => {
      const { ids, g, current } = await listed(30);
      await g.getState().click(5);
      g.getState().setQuery({ desc: true });
      await until(() => g.getState().itemAt(0)?.id === ids[29]);
      // img0005 is now 25th: next is img0004, previous img0006.
      await g.getState().step(1);
      expect(current()).toBe(ids[4]);
      expect(g.getState().focus).toBe(25);
      await g.getState().step(-1);
      await g.getState().step(-1);
      expect(current()).toBe(ids[6]);
      // A filter the current item does not match: next starts at the top of the new listing.
      g.getState().setQuery({ desc: false, text: 'img002' });
      await until(() => g.getState().total === 10 && g.getState().itemAt(0)?.id === ids[20]);
      await g.getState().step(1);
      expect(current()).toBe(ids[20]);
      await g.getState().step(-1);
      expect(current()).toBe(ids[20]);
      // The keyboard focus follows the current item into the new listing.
      g.getState().setQuery({ text: '' });
      await until(() => g.getState().total === 30 && g.getState().focus === 20);
    });

    it('does not skip an item when the current one leaves the listing ("caption everything left")', async () => {
      const { d, ids, g, conn, current } = await listed(10);
      g.getState().setQuery({ status: 'uncaptioned' });
      await until(() => g.getState().pages.has(0));
      await g.getState().click(3);
      const caption = (id: number) => conn.client.call('edits.apply', { datasetId: d.id, itemIds: [id], op: { kind: 'setCaption', text: 'done' } });
      await caption(ids[3]!);
      await until(() => g.getState().total === 9);
      await g.getState().step(1);
      expect(current()).toBe(ids[4]);
      expect(g.getState().focus).toBe(3);
      // Again, moving on before the reload after the edit has arrived (the stale listing is still consistent).
      await caption(ids[4]!);
      await g.getState().step(1);
      expect(current()).toBe(ids[5]);
      await until(() => g.getState().total === 8);
      // Back: the item before the place the captioned one had.
      await caption(ids[5]!);
      await until(() => g.getState().total === 7);
      await g.getState().step(-1);
      expect(current()).toBe(ids[2]);
      // The last one: nothing after it once it has left.
      await g.getState().moveFocus(6);
      expect(current()).toBe(ids[9]);
      await caption(ids[9]!);
      await until(() => g.getState().total === 6);
      await g.getState().step(1);
      expect(current()).toBe(ids[9]);
    });

    it('finds the current item when its page is not loaded', async () => {
      const { ids, g, current } = await listed(1000);
      await g.getState().click(2);
      g.getState().setQuery({ desc: true });
      g.getState().showRange({ start: 0, end: 59 });
      await until(() => g.getState().itemAt(0)?.id === ids[999]);
      // img0002 is now at 997, on a page nobody has looked at.
      await g.getState().step(1);
      expect(current()).toBe(ids[1]);
      expect(g.getState().focus).toBe(998);
    });
  });
});
