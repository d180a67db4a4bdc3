// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CaptionEditor } from '../../src/renderer/features/library/CaptionEditor';
import { AUTOSAVE_MS } from '../../src/renderer/state/editor-store';
import { harness, seedItems } from './memory-studio';
import { renderWithStudio } from './render';

/** One item open in the caption box. */
async function openEditor() {
  const { core, studio, conn, errors } = harness();
  await studio.init();
  const d = await studio.app.getState().createDataset('c');
  const [a] = seedItems(core, d.id, 1) as [number];
  await studio.editor.getState().open(a);
  renderWithStudio(<CaptionEditor />, studio);
  return { studio, conn, errors, a, box: screen.getByTestId('caption') as HTMLTextAreaElement };
}

describe('CaptionEditor', () => {
  it('autosaves what is typed after a pause', async () => {
    const { studio, conn, a, box } = await openEditor();
    fireEvent.change(box, { target: { value: 'a red fox' } });
    expect(screen.getByTestId('save-state').dataset.state).toBe('dirty');
    await waitFor(() => expect(screen.getByTestId('save-state').dataset.state).toBe('saved'), { timeout: AUTOSAVE_MS + 3000 });
    expect((await conn.client.call('items.get', { id: a })).caption).toBe('a red fox');
    expect(screen.getByTestId('save-state').textContent).toBe('Saved');
  });

  it('saves at once when it loses the focus, and shows an undo made elsewhere', async () => {
    const { studio, conn, a, box } = await openEditor();
    fireEvent.change(box, { target: { value: 'first words' } });
    expect(screen.getByTestId('save-state').textContent).toBe('Unsaved');
    const t0 = Date.now();
    fireEvent.blur(box);
    await waitFor(async () => expect((await conn.client.call('items.get', { id: a })).caption).toBe('first words'));
    // Well before the autosave pause would have run out.
    expect(Date.now() - t0).toBeLessThan(AUTOSAVE_MS);
    await act(() => studio.edits.getState().undo());
    await waitFor(() => expect(box.value).toBe(''));
    expect(screen.getByTestId('save-state').dataset.state).toBe('saved');
  });

  it('saves into its own item and dataset, with the undo step there, when the save runs after the window switched datasets', async () => {
    const { studio, conn, errors, a, box } = await openEditor();
    const own = studio.app.getState().datasetId!;
    const other = await studio.app.getState().createDataset('other');
    // The autosave's pause runs out after the switch.
    fireEvent.change(box, { target: { value: 'typed before the switch' } });
    act(() => studio.app.getState().selectDataset(other.id));
    expect(studio.edits.getState().datasetId).toBe(other.id);
    await waitFor(() => expect(screen.getByTestId('save-state').dataset.state).toBe('saved'), { timeout: AUTOSAVE_MS + 3000 });
    expect((await conn.client.call('items.get', { id: a })).caption).toBe('typed before the switch');
    // And on blur after the switch.
    fireEvent.change(box, { target: { value: 'typed, then blurred' } });
    fireEvent.blur(box);
    await waitFor(async () => expect((await conn.client.call('items.get', { id: a })).caption).toBe('typed, then blurred'));
    expect(errors).toEqual([]);
    // One coalesced step, in the item's dataset; the open one's history stays empty.
    expect(await conn.client.call('edits.history', { datasetId: own })).toMatchObject({ undoDepth: 1 });
    expect(await conn.client.call('edits.history', { datasetId: other.id })).toMatchObject({ undoDepth: 0 });
    expect(studio.edits.getState().history).toMatchObject({ datasetId: other.id, undoDepth: 0 });
  });
});
