// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TagTable } from '../../src/renderer/features/tagger/TagTable';
import { harness, seedItems } from './memory-studio';
import { renderWithStudio } from './render';

describe('TagTable', () => {
  it('asks for the table once typing pauses, not per keystroke, and shows the answer to the last search', async () => {
    const h = harness();
    await h.studio.init();
    const d = await h.studio.app.getState().createDataset('t');
    const ids = seedItems(h.core, d.id, 3);
    await h.conn.client.call('edits.apply', { datasetId: d.id, itemIds: ids, op: { kind: 'addTags', tags: ['long hair', 'hat', 'hair band'] } });
    const searches: string[] = [];
    const call = h.conn.client.call.bind(h.conn.client);
    h.conn.client.call = ((method: string, input: { search?: string }) => {
      if (method === 'tagger.tagTable') searches.push(input.search ?? '');
      return call(method as never, input as never);
    }) as typeof h.conn.client.call;
    renderWithStudio(<TagTable datasetId={d.id} version={0} />, h.studio);
    await waitFor(() => expect(screen.getByText('hat')).toBeTruthy());
    const box = screen.getByTestId('tagger-tag-search');
    for (const text of ['h', 'ha', 'hai', 'hair']) fireEvent.change(box, { target: { value: text } });
    await waitFor(() => expect(screen.queryByText('hat')).toBeNull());
    expect(screen.getByText('long hair')).toBeTruthy();
    expect(screen.getByText('hair band')).toBeTruthy();
    expect(searches).toEqual(['', 'hair']);
  });

  it('deletes a tag from every item of its dataset as one undo step of that dataset', async () => {
    const h = harness();
    await h.studio.init();
    const d = await h.studio.app.getState().createDataset('t');
    const ids = seedItems(h.core, d.id, 3);
    await h.conn.client.call('edits.apply', { datasetId: d.id, itemIds: ids, op: { kind: 'addTags', tags: ['hat', 'sky'] } });
    renderWithStudio(<TagTable datasetId={d.id} version={0} />, h.studio);
    await waitFor(() => expect(screen.getByText('hat')).toBeTruthy());
    fireEvent.click(screen.getAllByTestId('tagger-tag-menu')[screen.getAllByTestId('tagger-tag-row').findIndex((r) => r.textContent?.startsWith('hat'))]!);
    fireEvent.click(await screen.findByTestId('tagger-tag-delete'));
    await waitFor(() => expect(screen.queryByText('hat')).toBeNull());
    for (const id of ids) expect((await h.conn.client.call('items.get', { id })).tags.map((t) => t.tag)).toEqual(['sky']);
    await waitFor(() => expect(h.studio.edits.getState().history).toMatchObject({ datasetId: d.id, undoDepth: 2 }));
    await h.studio.edits.getState().undo();
    for (const id of ids) expect((await h.conn.client.call('items.get', { id })).tags.map((t) => t.tag)).toEqual(['hat', 'sky']);
  });
});
