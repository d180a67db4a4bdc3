// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { keepScores, parseSelectedTags, taggerService } from '../../src/core/tagger';
import { TagInput } from '../../src/renderer/features/library/TagInput';
import { harness, seedItems } from './memory-studio';
import { renderWithStudio } from './render';

const options = () => screen.queryAllByRole('option').map((o) => o.querySelector('[translate=no]')?.textContent);

/** A dataset of `n` items; `tags` maps a tag to how many of the first items carry it. */
async function tagged(n: number, tags: Record<string, number>) {
  const h = harness();
  await h.studio.init();
  const d = await h.studio.app.getState().createDataset('s');
  const ids = seedItems(h.core, d.id, n);
  for (const [tag, count] of Object.entries(tags)) {
    await h.conn.client.call('edits.apply', { datasetId: d.id, itemIds: ids.slice(0, count), op: { kind: 'addTags', tags: [tag] } });
  }
  return { ...h, datasetId: d.id, ids };
}

function typeInto(text: string) {
  const input = screen.getByTestId('tag-input');
  fireEvent.focus(input);
  fireEvent.change(input, { target: { value: text } });
  return input as HTMLInputElement;
}

describe('TagInput', () => {
  it('suggests tags containing what is typed, by dataset count, then by the model vocabulary post count', async () => {
    const { core, studio, datasetId, ids } = await tagged(6, { sky: 6, 'blue sky': 4, 'sky blue': 2, cloud: 2 });
    // A tagger model has scored the dataset: its vocabulary is suggested after the dataset's own tags.
    const vocab = parseSelectedTags('tag_id,name,category,count\n1,starry_sky,0,900\n2,night_sky,0,5000\n3,sky,0,99999\n4,cloud,0,7000\n');
    const svc = taggerService(core);
    svc.scores.registerModel('wd-x', vocab);
    svc.scores.putScores('wd-x', [{ itemId: ids[0]!, scores: keepScores([0.1, 0.1, 0.9, 0.1], vocab) }]);
    const onAdd = vi.fn();
    renderWithStudio(<TagInput datasetId={datasetId} placeholder="add" onAdd={onAdd} testId="tag-input" />, studio);
    const input = typeInto('cloud, sky');
    // Only the part after the last comma is looked up; a substring matches anywhere in a tag.
    await waitFor(() => expect(options()).toEqual(['sky', 'blue sky', 'sky blue', 'night sky', 'starry sky']));
    fireEvent.click(screen.getByRole('option', { name: /blue sky/ }));
    expect(onAdd).toHaveBeenCalledWith(['cloud', 'blue sky']);
    expect(input.value).toBe('');
  });

  it('still suggests as many tags when the most used ones are already on the item', async () => {
    const counts = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`hair ${String(i).padStart(2, '0')}`, 40 - i]));
    const { studio, datasetId } = await tagged(40, counts);
    const present = new Set(Object.keys(counts).slice(0, 12).map((t) => t.replace(' ', '_').toUpperCase()));
    renderWithStudio(<TagInput datasetId={datasetId} placeholder="add" exclude={present} onAdd={() => undefined} testId="tag-input" />, studio);
    typeInto('hair');
    await waitFor(() => expect(options()).toEqual(Object.keys(counts).slice(12)));
    // With nothing typed: the dataset's most used tags the item does not have.
    typeInto('');
    await waitFor(() => expect(options()).toEqual(Object.keys(counts).slice(12)));
  });
});
