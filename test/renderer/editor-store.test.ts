import { describe, expect, it } from 'vitest';
import { AUTOSAVE_MS } from '../../src/renderer/state/editor-store';
import { harness, seedItems, until } from './memory-studio';

describe('item editor store', () => {
  it('autosaves the caption after a pause, as one undo step, and saves before moving on', async () => {
    const { core, studio, conn } = harness();
    await studio.init();
    const d = await studio.app.getState().createDataset('e');
    const [a, b] = seedItems(core, d.id, 2) as [number, number];
    const ed = studio.editor;
    await ed.getState().open(a);
    expect(ed.getState().item?.id).toBe(a);
    ed.getState().setDraft('a c');
    expect(ed.getState().saveState).toBe('dirty');
    ed.getState().setDraft('a cat');
    await until(() => ed.getState().saveState === 'saved', AUTOSAVE_MS + 3000);
    ed.getState().setDraft('a cat.');
    await until(() => ed.getState().saveState === 'saved', AUTOSAVE_MS + 3000);
    expect((await conn.client.call('items.get', { id: a })).caption).toBe('a cat.');
    // Typing pauses made one undo step, not one per save.
    expect((await conn.client.call('edits.history', { datasetId: d.id })).undoDepth).toBe(1);

    // Leaving the item saves what was typed at once.
    ed.getState().setDraft('second');
    await ed.getState().open(b);
    expect((await conn.client.call('items.get', { id: a })).caption).toBe('second');
    expect(ed.getState().draft).toBe('');

    // An undo made elsewhere shows up in the open item.
    await ed.getState().open(a);
    await studio.edits.getState().undo();
    await until(() => ed.getState().draft === '');
  });

  it('adds, removes and reorders tags as manual edits', async () => {
    const { core, studio } = harness();
    await studio.init();
    const d = await studio.app.getState().createDataset('t');
    const [a] = seedItems(core, d.id, 1) as [number];
    const ed = studio.editor;
    await ed.getState().open(a);
    await ed.getState().addTags(['one', ' two ', '', 'three']);
    expect(ed.getState().item?.tags.map((t) => t.tag)).toEqual(['one', 'two', 'three']);
    await ed.getState().moveTag('three', 0);
    expect(ed.getState().item?.tags.map((t) => t.tag)).toEqual(['three', 'one', 'two']);
    await ed.getState().removeTag('one');
    expect(ed.getState().item?.tags.map((t) => [t.tag, t.source])).toEqual([
      ['three', 'manual'],
      ['two', 'manual'],
    ]);
    expect(studio.edits.getState().history?.undoDepth).toBe(3);
  });

  it('follows the gallery: the current item opens in the panel', async () => {
    const { core, studio } = harness();
    await studio.init();
    const d = await studio.app.getState().createDataset('g');
    const ids = seedItems(core, d.id, 3);
    studio.gallery.getState().refresh();
    studio.gallery.getState().showRange({ start: 0, end: 2 });
    await until(() => studio.gallery.getState().total === 3);
    await studio.gallery.getState().click(2);
    await until(() => studio.editor.getState().item?.id === ids[2]);
  });
});
