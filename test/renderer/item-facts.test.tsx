// @vitest-environment jsdom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ItemFacts } from '../../src/renderer/features/library/ItemFacts';
import { Shortcuts } from '../../src/renderer/features/library/Shortcuts';
import { harness, seedItems } from './memory-studio';
import { renderWithStudio } from './render';

describe('item facts and the shortcut list', () => {
  it('states an item’s status in its own words (not the filter’s)', async () => {
    const { core, studio, conn } = harness();
    await studio.init();
    const d = await studio.app.getState().createDataset('f');
    const [a] = seedItems(core, d.id, 1) as [number];
    core.db.prepare("UPDATE items SET status = 'error', error = 'not a picture' WHERE id = ?").run(a);
    renderWithStudio(<ItemFacts item={await conn.client.call('items.get', { id: a })} />, studio);
    const facts = Array.from(document.querySelectorAll('.facts dt'), (dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`);
    expect(facts).toContain('Status: Could not be read');
    expect(facts).toContain('Problem: not a picture');
  });

  it('lists Ctrl+click as toggling one picture and Shift+click as the range', async () => {
    const { studio } = harness();
    await studio.init();
    renderWithStudio(<Shortcuts />, studio);
    fireEvent.click(screen.getByTestId('shortcuts'));
    const rows = Array.from(document.querySelectorAll('tr'), (tr) => Array.from(tr.children, (td) => td.textContent?.replace(/\s+/g, ' ').trim()));
    expect(rows).toContainEqual(['Space / Ctrl + click', 'Add or remove from the selection']);
    expect(rows).toContainEqual(['Shift + click', 'Select a range with the mouse']);
  });
});
