import { Button, CloseButton } from '@mantine/core';
import { byOrder } from '../../app/extensions';
import { selectionActions } from '../../app/pages';
import { useApp, useGallery, useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { libraryStrings } from './i18n';
import { Shortcuts } from './Shortcuts';
import { useLibraryUi } from './ui-store';

/** Counts that are always in view, and what can be done with the selection. */
export function StatusBar() {
  const { gallery } = useStudio();
  const t = useStrings(libraryStrings);
  const datasetId = useApp((s) => s.datasetId);
  const datasetTotal = useApp((s) => s.datasets.find((d) => d.id === s.datasetId)?.itemCount ?? 0);
  const shown = useGallery((s) => s.total);
  const selected = useGallery((s) => s.selected);
  const tag = useGallery((s) => s.query.tag);

  return (
    <div className="statusbar" data-testid="statusbar">
      <span data-testid="count">{shown !== null && shown !== datasetTotal ? t.shownOf(shown, datasetTotal) : t.items(datasetTotal)}</span>
      {tag !== null && (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 2 }}>
          <span>{t.filterTag}</span>
          <strong translate="no">{tag}</strong>
          <CloseButton size="xs" onClick={() => gallery.getState().setQuery({ tag: null })} aria-label={t.clearFilters} />
        </span>
      )}
      <span style={{ flex: 1 }} />
      {selected.size > 0 && (
        <>
          <strong data-testid="selected-count">{t.selected(selected.size)}</strong>
          <Button size="compact-xs" variant="light" onClick={() => useLibraryUi.getState().setBulk(true)} data-testid="bulk-edit">
            {t.editSelection}
          </Button>
          {datasetId !== null &&
            byOrder(selectionActions).map((a) => <a.component key={a.id} datasetId={datasetId} selection={selected} />)}
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => gallery.getState().clearSelection()}>
            {t.clearSelection}
          </Button>
        </>
      )}
      {selected.size === 0 && (shown ?? 0) > 0 && (
        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => void gallery.getState().selectAll()}>
          {t.selectAll}
        </Button>
      )}
      <Shortcuts />
    </div>
  );
}
