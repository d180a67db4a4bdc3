// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CaptionEditor } from '../../src/renderer/features/library/CaptionEditor';
import { AUTOSAVE_MS } from '../../src/renderer/state/editor-store';
import { harness, seedItems } from './memory-studio';
import { renderWithStudio } from './render';

/** One item open in the caption box. */
async function openEditor() {
  const { core, studio, conn } = harness();
  await studio.init();
  const d = await studio.app.getState().createDataset('c');
  const [a] = seedItems(core, d.id, 1) as [number];
  await studio.editor.getState().open(a);
  renderWithStudio(<CaptionEditor />, studio);
  return { studio, conn, a, box: screen.getByTestId('caption') as HTMLTextAreaElement };
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
});
