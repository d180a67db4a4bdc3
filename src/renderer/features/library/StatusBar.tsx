import { useState, type ReactNode } from 'react';
import { Button, CloseButton, Popover, Stack } from '@mantine/core';
import { byOrder } from '../../app/extensions';
import { IconChevronDown } from '../../app/icons';
import { selectionActions } from '../../app/pages';
import { useApp, useGallery, useStudio } from '../../app/studio-context';
import { useLang, useStrings } from '../../i18n';
import { libraryStrings } from './i18n';
import { Shortcuts } from './Shortcuts';
import { useLibraryUi } from './ui-store';
import { useFoldLevel } from './use-fold-level';

/** Counts that are always in view, and what can be done with the selection: its buttons side by side, or, where
 * the bar is too narrow for them (a narrow browser window), in one "Actions" menu. */
export function StatusBar() {
  const { gallery } = useStudio();
  const t = useStrings(libraryStrings);
  const lang = useLang();
  const datasetId = useApp((s) => s.datasetId);
  const datasetTotal = useApp((s) => s.datasets.find((d) => d.id === s.datasetId)?.itemCount ?? 0);
  const shown = useGallery((s) => s.total);
  const selected = useGallery((s) => s.selected);
  const tag = useGallery((s) => s.query.tag);
  // What sets the contents' widths: which buttons show, and the counts' digits (tabular figures), not their
  // values, so that selecting one more picture measures nothing.
  const digits = (n: number | null) => (n ? String(n).length : 0);
  const [ref, level] = useFoldLevel<HTMLDivElement>([lang, digits(datasetTotal), digits(shown), shown === datasetTotal, digits(selected.size), tag].join('|'), 1);
  const inline = level === 0;

  const actions: ReactNode[] =
    selected.size > 0
      ? [
          <Button key="edit" size="compact-xs" variant="light" onClick={() => useLibraryUi.getState().setBulk(true)} data-testid="bulk-edit">
            {t.editSelection}
          </Button>,
          ...(datasetId !== null ? byOrder(selectionActions).map((a) => <a.component key={a.id} datasetId={datasetId} selection={selected} />) : []),
          <Button key="clear" size="compact-xs" variant="subtle" color="gray" onClick={() => gallery.getState().clearSelection()}>
            {t.clearSelection}
          </Button>,
        ]
      : (shown ?? 0) > 0
        ? [
            <Button key="all" size="compact-xs" variant="subtle" color="gray" onClick={() => void gallery.getState().selectAll()}>
              {t.selectAll}
            </Button>,
          ]
        : [];

  return (
    <div className="statusbar" data-testid="statusbar" data-folded={inline ? undefined : ''} ref={ref}>
      <span data-testid="count">{shown !== null && shown !== datasetTotal ? t.shownOf(shown, datasetTotal) : t.items(datasetTotal)}</span>
      {tag !== null && (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 2 }}>
          <span>{t.filterTag}</span>
          <strong translate="no">{tag}</strong>
          <CloseButton size="xs" onClick={() => gallery.getState().setQuery({ tag: null })} aria-label={t.clearFilters} />
        </span>
      )}
      <span style={{ flex: 1 }} data-fill="" />
      {selected.size > 0 && <strong data-testid="selected-count">{t.selected(selected.size)}</strong>}
      {inline ? actions : actions.length > 0 && <ActionsMenu label={t.statusActions}>{actions}</ActionsMenu>}
      <Shortcuts />
    </div>
  );
}

/** The selection's buttons, one under another; a click on one closes the menu. */
function ActionsMenu({ label, children }: { label: string; children: ReactNode[] }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover opened={open} onChange={setOpen} position="top-end" shadow="md">
      <Popover.Target>
        <Button size="compact-xs" variant="light" rightSection={<IconChevronDown size={12} />} onClick={() => setOpen((o) => !o)} data-testid="status-actions">
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p={6}>
        <Stack gap={4} onClickCapture={() => setOpen(false)} data-testid="status-actions-menu">
          {children}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
