import type { PageDef } from '../../app/extensions';
import { IconGrid } from '../../app/icons';
import { BulkEditDialog } from './BulkEditDialog';
import { ExportDialog } from './ExportDialog';
import { Gallery } from './Gallery';
import { libraryStrings } from './i18n';
import { AddDialog } from './import/AddDialog';
import { ItemPanel } from './ItemPanel';
import { StatusBar } from './StatusBar';
import { TagPanel } from './TagPanel';
import { Toolbar } from './Toolbar';
import { useLibraryUi } from './ui-store';
import { useUndoKeys } from './use-undo-redo';

function LibraryPage() {
  const panelOpen = useLibraryUi((s) => s.panelOpen);
  const tagsOpen = useLibraryUi((s) => s.tagsOpen);
  useUndoKeys();
  return (
    <>
      <Toolbar />
      <div className="library-body">
        {tagsOpen && <TagPanel />}
        <Gallery />
        {panelOpen && <ItemPanel />}
      </div>
      <StatusBar />
      <BulkEditDialog />
      <ExportDialog />
      <AddDialog />
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
