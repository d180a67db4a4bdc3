/** How the Library page shares its width between the tag column, the gallery and the item panel, and what of the
 * toolbar folds away at each level. Pure, unit-tested. */
import { GAP, TILE_PAD } from './grid-math';

export const TAG_W = 220;
export const TAG_MIN = 180;
export const PANEL_MIN = 300;
export const PANEL_DEFAULT = 380;
export const PANEL_MAX = 720;
/** A vertical scrollbar's width, at most (the gallery's own takes room from its tiles). */
const SCROLLBAR = 16;
/** Tiles wider than this do not decide the layout: a big thumbnail size just gives one column. */
const TILE_CAP = 220;

/** The gallery's width that holds `cols` tiles of the slider's size (capped) side by side. */
export function galleryWidthFor(cols: number, thumb: number): number {
  const cell = Math.min(thumb, TILE_CAP) + 2 * TILE_PAD;
  return cols * (cell + GAP) + GAP + SCROLLBAR;
}

export interface LayoutInput {
  /** Width of the page below the toolbar. */
  width: number;
  thumb: number;
  tagsOpen: boolean;
  panelOpen: boolean;
  /** The panel's width as the user left it. */
  panelWidth: number;
}

export interface LibraryLayout {
  /** The tag column beside the gallery; when wanted but not docked, the toolbar shows it over the gallery. */
  tagsDocked: boolean;
  tagWidth: number;
  /** Beside the gallery, or over it when even its narrowest would leave no room for one tile. */
  panel: 'docked' | 'overlay' | 'closed';
  panelWidth: number;
}

/**
 * The gallery keeps room for two columns where it can and never less than one. The item panel (the editor) has
 * the first claim: it keeps the user's width while two columns fit, then narrows to its minimum, then floats over
 * the gallery. The tag column docks only where two columns still fit beside both; otherwise it folds into the
 * toolbar and opens over the gallery.
 */
export function libraryLayout({ width, thumb, tagsOpen, panelOpen, panelWidth }: LayoutInput): LibraryLayout {
  const one = galleryWidthFor(1, thumb);
  const two = galleryWidthFor(2, thumb);
  const panelDocked = panelOpen && width - one >= PANEL_MIN;
  const panel = panelDocked ? Math.min(panelWidth, Math.max(PANEL_MIN, width - two)) : Math.min(panelWidth, Math.max(PANEL_MIN, width - 2 * GAP));
  const left = width - (panelDocked ? panel : 0);
  const tagsDocked = tagsOpen && left - TAG_MIN >= two;
  return {
    tagsDocked,
    tagWidth: tagsDocked ? Math.min(TAG_W, left - two) : TAG_W,
    panel: !panelOpen ? 'closed' : panelDocked ? 'docked' : 'overlay',
    panelWidth: panel,
  };
}

export interface ToolbarLayout {
  /** Add folder / Export show as icons (their names in tooltips). */
  iconButtons: boolean;
  /** The thumbnail size and the sort direction move into the toolbar's "View" popover. */
  viewInMenu: boolean;
  /** So do the status filter and the sort. */
  filtersInMenu: boolean;
  /** The dataset's name (also in the sidebar) gives its room to the filter field. */
  hideTitle: boolean;
}

/** The toolbar's fold levels beyond 0 (nothing folded). */
export const TOOLBAR_LEVELS = 4;

/** What of the toolbar folds away at a level, each one folding more: the Toolbar takes the least level at which
 * its contents fit, measured in the language shown with the dataset's name (useFoldLevel). */
export function toolbarLayout(level: number): ToolbarLayout {
  return { iconButtons: level >= 1, viewInMenu: level >= 2, filtersInMenu: level >= 3, hideTitle: level >= 4 };
}
