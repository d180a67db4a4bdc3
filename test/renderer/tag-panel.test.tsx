// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MAX_ITEM_IDS } from '../../src/shared/contract';
import { TagPanel } from '../../src/renderer/features/library/TagPanel';
import { harness, seedItems, until } from './memory-studio';
import { renderWithStudio } from './render';

const rows = () => Array.from(document.querySelectorAll('.tagrow'), (r) => `${r.querySelector('.tag-name')?.textContent} ${r.querySelector('.tag-count')?.textContent}`);
const note = () => screen.queryByTestId('tag-scope-note')?.textContent ?? null;

describe('TagPanel', () => {
  it('counts the selection, says what it counts, and never passes the dataset counts off as the selection', async () => {
    const { core, studio, conn } = harness();
    await studio.init();
    const d = await studio.app.getState().createDataset('p');
    const ids = seedItems(core, d.id, 5);
    await conn.client.call('edits.apply', { datasetId: d.id, itemIds: ids, op: { kind: 'addTags', tags: ['all'] } });
    await conn.client.call('edits.apply', { datasetId: d.id, itemIds: ids.slice(0, 2), op: { kind: 'addTags', tags: ['two'] } });
    const g = studio.gallery;
    g.getState().refresh();
    g.getState().showRange({ start: 0, end: 4 });
    await until(() => g.getState().total === 5);
    renderWithStudio(<TagPanel width={220} />, studio);
    await waitFor(() => expect(rows()).toEqual(['all 5', 'two 2']));
    expect(note()).toBeNull();

    fireEvent.click(screen.getByText('Selection'));
    // Nothing selected: nothing counted, and it says why.
    await waitFor(() => expect(note()).toBe('Select pictures to count their tags here.'));
    expect(rows()).toEqual([]);

    await act(() => g.getState().click(4));
    await waitFor(() => expect(rows()).toEqual(['all 1']));
    expect(note()).toBe('Counted over 1 selected picture');
    await act(() => g.getState().click(0, { range: true }));
    await waitFor(() => expect(rows()).toEqual(['all 5', 'two 2']));
    expect(note()).toBe('Counted over 5 selected pictures');

    // More than one call can take: the dataset's counts, saying so.
    act(() => g.setState({ selected: new Set(Array.from({ length: MAX_ITEM_IDS + 1 }, (_, i) => i + 1)) }));
    await waitFor(() => expect(note()).toBe('More than 2,000,000 pictures are selected: these are the counts of the whole dataset.'));
    expect(rows()).toEqual(['all 5', 'two 2']);
  });
});
