import { AfterFirstPaint, Deferred, lazyNamed } from '../../app/Deferred';
import type { PageDef } from '../../app/extensions';
import { IconGrid } from '../../app/icons';
import { Gallery } from './Gallery';
import { libraryStrings } from './i18n';
import { ItemPanel } from './ItemPanel';
import { StatusBar } from './StatusBar';
import { TagPanel } from './TagPanel';
import { Toolbar } from './Toolbar';
import { useLibraryUi } from './ui-store';
import { useUndoKeys } from './use-undo-redo';

const BulkEditDialog = lazyNamed(() => import('./BulkEditDialog'), 'BulkEditDialog');
const ExportDialog = lazyNamed(() => import('./ExportDialog'), 'ExportDialog');
const AddDialog = lazyNamed(() => import('./import/AddDialog'), 'AddDialog');

function LibraryPage() {
  const panelOpen = useLibraryUi((s) => s.panelOpen);
  const tagsOpen = useLibraryUi((s) => s.tagsOpen);
  const { bulkOpen, exportOpen, addOpen } = useLibraryUi();
  useUndoKeys();
  return (
    <>
      <Toolbar />
      <div className="library-body">
        <AfterFirstPaint>{tagsOpen && <TagPanel />}</AfterFirstPaint>
        <Gallery />
        <AfterFirstPaint>{panelOpen && <ItemPanel />}</AfterFirstPaint>
      </div>
      <StatusBar />
      <Deferred when={bulkOpen}>
        <BulkEditDialog />
      </Deferred>
      <Deferred when={exportOpen}>
        <ExportDialog />
      </Deferred>
      <Deferred when={addOpen}>
        <AddDialog />
      </Deferred>
    </>
  );
}

export const libraryPage: PageDef = {
  id: 'library',
  order: 0,
  label: { en: libraryStrings.en.pageLabel, 'zh-CN': libraryStrings['zh-CN'].pageLabel },
  icon: IconGrid,
  component: LibraryPage,
  needsDataset: true,
};
