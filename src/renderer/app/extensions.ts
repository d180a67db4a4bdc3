import type { ComponentType } from 'react';
import type { ItemDetail } from '../../shared/contract';
import type { Lang } from '../i18n';
import type { IconProps } from './icons';

/** A label in every UI language (for registry entries, which are not React components). */
export type Label = Record<Lang, string>;

/** A page of the main area, listed in the sidebar. */
export interface PageDef {
  id: string;
  /** Position in the sidebar (Library is 0). */
  order: number;
  label: Label;
  icon: ComponentType<IconProps>;
  component: ComponentType;
  /** The page works on the open dataset; it says so when none is open. */
  needsDataset: boolean;
  /** Where notifications show: 'top' (default), below a toolbar; 'bottom' for a page with inputs at its top. */
  noticesAt?: 'top' | 'bottom';
}

/** A section of the item panel, below the caption and tags (the tagger shows scores here). */
export interface ItemPanelSection {
  id: string;
  order: number;
  title: Label;
  component: ComponentType<{ item: ItemDetail }>;
}

/** A control in the gallery's selection bar, acting on the selected items (e.g. "Tag selection…"). */
export interface SelectionAction {
  id: string;
  order: number;
  component: ComponentType<{ datasetId: number; selection: ReadonlySet<number> }>;
}

export function byOrder<T extends { order: number }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.order - b.order);
}
