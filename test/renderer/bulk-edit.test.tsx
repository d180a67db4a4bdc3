// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { keepScores, parseSelectedTags, taggerService } from '../../src/core/tagger';
import { MAX_ITEM_IDS } from '../../src/shared/contract';
import { BulkEditDialog } from '../../src/renderer/features/library/BulkEditDialog';
import { useLibraryUi } from '../../src/renderer/features/library/ui-store';
import { harness, seedItems, until } from './memory-studio';
import { renderWithStudio } from './render';

afterEach(() => useLibraryUi.getState().setBulk(false));

const options = () => screen.queryAllByRole('option').map((o) => o.textContent);

async function openOn(n: number) {
  const h = harness();
  await h.studio.init();
  const d = await h.studio.app.getState().createDataset('b');
  const ids = seedItems(h.core, d.id, n);
  const g = h.studio.gallery;
  g.getState().refresh();
  g.getState().showRange({ start: 0, end: n - 1 });
  await until(() => g.getState().total === n);
  return { ...h, datasetId: d.id, ids };
}

describe('BulkEditDialog', () => {
  it('suggests tags to add from the dataset, then from the tagger models, matching substrings', async () => {
    const { core, studio, conn, datasetId, ids } = await openOn(4);
    await conn.client.call('edits.apply', { datasetId, itemIds: ids.slice(0, 3), op: { kind: 'addTags', tags: ['long hair'] } });
    await conn.client.call('edits.apply', { datasetId, itemIds: ids.slice(0, 1), op: { kind: 'addTags', tags: ['hair ornament'] } });
    const vocab = parseSelectedTags('tag_id,name,category,count\n1,short_hair,0,5000\n2,hair_between_eyes,0,9000\n3,smile,0,80000\n');
    taggerService(core).scores.registerModel('wd-x', vocab);
    taggerService(core).scores.putScores('wd-x', [{ itemId: ids[0]!, scores: keepScores([0.9, 0.1, 0.1], vocab) }]);
    await studio.gallery.getState().selectAll();
    act(() => useLibraryUi.getState().setBulk(true));
    renderWithStudio(<BulkEditDialog />, studio);
    const input = await screen.findByTestId('bulk-add-tags');
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'hair' } });
    await waitFor(() => expect(options()).toEqual(['long hair', 'hair ornament', 'hair between eyes', 'short hair']));
  });

  it('refuses a selection larger than one edit takes, saying so, instead of failing', async () => {
    const { studio } = await openOn(2);
    act(() => studio.gallery.setState({ selected: new Set(Array.from({ length: MAX_ITEM_IDS + 1 }, (_, i) => i + 1)) }));
    act(() => useLibraryUi.getState().setBulk(true));
    renderWithStudio(<BulkEditDialog />, studio);
    expect((await screen.findByTestId('bulk-too-many')).textContent).toBe('Edits take at most 2,000,000 pictures at once: select fewer.');
    const input = screen.getByTestId('bulk-add-tags');
    fireEvent.change(input, { target: { value: 'x' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    // The tag is there to add, yet Apply stays off.
    expect(document.querySelector('.mantine-Pill-label')?.textContent).toBe('x');
    expect((screen.getByTestId('bulk-add-apply') as HTMLButtonElement).disabled).toBe(true);
  });
});
