// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useEditor } from '../../src/renderer/app/studio-context';
import { describe, expect, it } from 'vitest';
import { TagEditor } from '../../src/renderer/features/library/TagEditor';
import type { Studio } from '../../src/renderer/state/studio';
import { harness, seedItems } from './memory-studio';
import { renderWithStudio } from './render';

/** The panel's tag editor on the editor store's open item, as ItemPanel mounts it. */
function OpenItemTags() {
  const item = useEditor((s) => s.item);
  return item ? <TagEditor item={item} /> : null;
}

async function openTagged(tags: string[]): Promise<{ studio: Studio; id: number }> {
  const { core, studio } = harness();
  await studio.init();
  const d = await studio.app.getState().createDataset('t');
  const [id] = seedItems(core, d.id, 1) as [number];
  await studio.editor.getState().open(id);
  if (tags.length) await studio.editor.getState().addTags(tags);
  renderWithStudio(<OpenItemTags />, studio);
  return { studio, id };
}

const chipTexts = () => screen.queryAllByTestId('tag-chip').map((c) => c.textContent);

/** A chip's box, laid out in a row 100 px wide each (jsdom lays nothing out). */
function layOut(): HTMLElement[] {
  const chips = screen.getAllByTestId('tag-chip');
  chips.forEach((chip, i) => {
    chip.getBoundingClientRect = () => ({ left: i * 100, right: i * 100 + 100, width: 100, top: 0, bottom: 20, height: 20, x: i * 100, y: 0, toJSON: () => ({}) });
  });
  return chips;
}

/** Drags chip `from` over chip `over`, on its left or right half, and drops it there. */
function drag(from: number, over: number, half: 'left' | 'right') {
  const chips = layOut();
  const dataTransfer = { setData: () => undefined, getData: () => '', effectAllowed: 'all', dropEffect: 'none', types: [] };
  fireEvent.dragStart(chips[from]!, { dataTransfer });
  fireEvent.dragOver(chips[over]!, { dataTransfer, clientX: over * 100 + (half === 'left' ? 10 : 90) });
  fireEvent.drop(chips[over]!, { dataTransfer, clientX: over * 100 + (half === 'left' ? 10 : 90) });
}

describe('TagEditor', () => {
  it('adds typed tags (commas separate them) and removes one with its button', async () => {
    const { studio } = await openTagged([]);
    expect(screen.getByText('No tags yet')).toBeTruthy();
    const input = screen.getByTestId('tag-input');
    fireEvent.change(input, { target: { value: 'blue sky, cloud ,, sun' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(chipTexts()).toEqual(['blue sky', 'cloud', 'sun']));
    expect((input as HTMLInputElement).value).toBe('');
    fireEvent.click(within(screen.getAllByTestId('tag-chip')[1]!).getByRole('button', { name: 'Remove cloud' }));
    await waitFor(() => expect(chipTexts()).toEqual(['blue sky', 'sun']));
    expect(studio.edits.getState().history?.undoDepth).toBe(2);
  });

  it('reorders by dragging a chip before or after another', async () => {
    const { studio } = await openTagged(['a', 'b', 'c', 'd']);
    await waitFor(() => expect(chipTexts()).toEqual(['a', 'b', 'c', 'd']));
    // Onto the right half of the last chip: to the end.
    drag(0, 3, 'right');
    await waitFor(() => expect(chipTexts()).toEqual(['b', 'c', 'd', 'a']));
    // Onto the left half of a later chip: just before it (its index shifts once the dragged one leaves).
    drag(0, 2, 'left');
    await waitFor(() => expect(chipTexts()).toEqual(['c', 'b', 'd', 'a']));
    // Onto the left half of the first chip: to the start.
    drag(3, 0, 'left');
    await waitFor(() => expect(chipTexts()).toEqual(['a', 'c', 'b', 'd']));
    // Onto the right half of an earlier chip: just after it.
    drag(3, 0, 'right');
    await waitFor(() => expect(chipTexts()).toEqual(['a', 'd', 'c', 'b']));
    const depth = studio.edits.getState().history?.undoDepth;
    // Dropped where it already is (before its right neighbour, or on itself): no edit.
    drag(1, 2, 'left');
    drag(1, 1, 'right');
    await new Promise((r) => setTimeout(r, 100));
    expect(chipTexts()).toEqual(['a', 'd', 'c', 'b']);
    expect(studio.edits.getState().history?.undoDepth).toBe(depth);
  });

  it('edits its own item and dataset when the window has switched to another dataset meanwhile', async () => {
    const { studio, id } = await openTagged(['a']);
    const own = studio.app.getState().datasetId!;
    const other = await studio.app.getState().createDataset('other');
    expect(studio.edits.getState().datasetId).toBe(other.id);
    const input = screen.getByTestId('tag-input');
    fireEvent.change(input, { target: { value: 'b' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(chipTexts()).toEqual(['a', 'b']));
    fireEvent.click(within(screen.getAllByTestId('tag-chip')[0]!).getByRole('button', { name: 'Remove a' }));
    await waitFor(() => expect(chipTexts()).toEqual(['b']));
    const { client } = studio.conn;
    expect((await client.call('items.get', { id })).tags.map((t) => t.tag)).toEqual(['b']);
    expect(await client.call('edits.history', { datasetId: own })).toMatchObject({ undoDepth: 3 });
    expect(await client.call('edits.history', { datasetId: other.id })).toMatchObject({ undoDepth: 0 });
  });
});
