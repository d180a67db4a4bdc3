import { describe, expect, it } from 'vitest';
import { fittedThumb } from '../../src/renderer/features/library/grid-math';
import { galleryWidthFor, libraryLayout, PANEL_MIN, TAG_MIN, TAG_W, TOOLBAR_LEVELS, toolbarLayout } from '../../src/renderer/features/library/layout';
import { pickFoldLevel } from '../../src/renderer/features/library/use-fold-level';

const base = { thumb: 160, tagsOpen: true, panelOpen: true, panelWidth: 380 };
/** What the gallery is left with. */
const galleryOf = (width: number, l: ReturnType<typeof libraryLayout>) => width - (l.tagsDocked ? l.tagWidth : 0) - (l.panel === 'docked' ? l.panelWidth : 0);

describe('library layout', () => {
  it('docks everything at full width on a wide window', () => {
    // 1440 px wide: 1192 px beside the sidebar.
    expect(libraryLayout({ ...base, width: 1192 })).toEqual({ tagsDocked: true, tagWidth: TAG_W, panel: 'docked', panelWidth: 380 });
  });

  it('folds the tag column, then narrows the panel, keeping two columns of tiles', () => {
    // 1024 px: the tag column would leave less than two columns.
    const l = libraryLayout({ ...base, width: 816 });
    expect(l).toMatchObject({ tagsDocked: false, panel: 'docked', panelWidth: 380 });
    expect(galleryOf(816, l)).toBeGreaterThanOrEqual(galleryWidthFor(2, 160));
    // 880 px (the window's minimum): the panel narrows to keep two columns.
    const m = libraryLayout({ ...base, width: 672 });
    expect(m).toMatchObject({ tagsDocked: false, panel: 'docked', panelWidth: 672 - galleryWidthFor(2, 160) });
    expect(m.panelWidth).toBeGreaterThanOrEqual(PANEL_MIN);
  });

  it('never leaves the gallery less than one tile; the panel floats over it when it must', () => {
    for (let width = 200; width <= 2000; width += 7) {
      for (const thumb of [72, 160, 360]) {
        for (const panelWidth of [300, 380, 720]) {
          const l = libraryLayout({ thumb, tagsOpen: true, panelOpen: true, panelWidth, width });
          if (l.panel === 'docked') expect(galleryOf(width, l)).toBeGreaterThanOrEqual(galleryWidthFor(1, thumb));
          if (l.tagsDocked) expect(l.tagWidth).toBeGreaterThanOrEqual(TAG_MIN);
          expect(l.panelWidth).toBeGreaterThanOrEqual(PANEL_MIN);
        }
      }
    }
    expect(libraryLayout({ ...base, width: 450 }).panel).toBe('overlay');
    expect(libraryLayout({ ...base, width: 450, panelOpen: false }).panel).toBe('closed');
  });

  it('keeps the user’s wide panel while two columns fit (before the tag column), and gives way before the gallery does', () => {
    expect(libraryLayout({ ...base, panelWidth: 720, width: 1400 })).toMatchObject({ panelWidth: 720, tagsDocked: true });
    expect(libraryLayout({ ...base, panelWidth: 720, width: 1192 })).toMatchObject({ panelWidth: 720, tagsDocked: false });
    expect(libraryLayout({ ...base, panelWidth: 720, width: 900 })).toMatchObject({ panelWidth: 900 - galleryWidthFor(2, 160), tagsDocked: false });
  });

  it('folds the toolbar step by step, one more thing at each level', () => {
    expect(toolbarLayout(0)).toEqual({ iconButtons: false, viewInMenu: false, filtersInMenu: false, hideTitle: false });
    expect(toolbarLayout(1)).toEqual({ iconButtons: true, viewInMenu: false, filtersInMenu: false, hideTitle: false });
    expect(toolbarLayout(3)).toEqual({ iconButtons: true, viewInMenu: true, filtersInMenu: true, hideTitle: false });
    expect(toolbarLayout(TOOLBAR_LEVELS).hideTitle).toBe(true);
  });

  it('picks the least fold level whose measured width fits, or the first not measured yet', () => {
    const widths = [1143, 977, 875];
    expect(pickFoldLevel(widths, 1200, 4)).toBe(0);
    expect(pickFoldLevel(widths, 1000, 4)).toBe(1);
    expect(pickFoldLevel(widths, 875, 4)).toBe(2);
    // Narrower than any measured level: the next one is tried (measured when shown).
    expect(pickFoldLevel(widths, 700, 4)).toBe(3);
    expect(pickFoldLevel([900, 700], 600, 1)).toBe(1);
    expect(pickFoldLevel([], 600, 4)).toBe(0);
  });

  it('shrinks the one column to the gallery rather than cutting its tile', () => {
    expect(fittedThumb(200, 1, 160)).toBe(200 - 16 - 6);
    expect(fittedThumb(400, 1, 160)).toBe(400 - 16 - 6);
    expect(fittedThumb(0, 1, 160)).toBe(160);
  });
});
