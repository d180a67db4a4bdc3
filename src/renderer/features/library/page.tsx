import { useEffect } from 'react';
import { AfterFirstPaint, Deferred, lazyNamed } from '../../app/Deferred';
import type { PageDef } from '../../app/extensions';
import { IconGrid } from '../../app/icons';
import { useGallery } from '../../app/studio-context';
import { Gallery } from './Gallery';
import { libraryStrings } from './i18n';
import { ItemPanel } from './ItemPanel';
import { libraryLayout } from './layout';
import { StatusBar } from './StatusBar';
import { TagPanel } from './TagPanel';
import { Toolbar } from './Toolbar';
import { useLibraryUi } from './ui-store';
import { useUndoKeys } from './use-undo-redo';
import { useWidth } from './use-width';

const BulkEditDialog = lazyNamed(() => import('./BulkEditDialog'), 'BulkEditDialog');
const ExportDialog = lazyNamed(() => import('./ExportDialog'), 'ExportDialog');
const AddDialog = lazyNamed(() => import('./import/AddDialog'), 'AddDialog');

function LibraryPage() {
  const { panelOpen, tagsOpen, tagsOverlay, panelWidth, bulkOpen, exportOpen, addOpen } = useLibraryUi();
  const thumb = useGallery((s) => s.thumbSize);
  const [ref, width] = useWidth<HTMLDivElement>();
  const input = { width, thumb, tagsOpen, panelOpen, panelWidth };
  const layout = libraryLayout(input);
  // Whether the tag column would dock if it were open: where it would not, its button shows it over the gallery.
  const tagsFit = libraryLayout({ ...input, tagsOpen: true }).tagsDocked;
  useEffect(() => {
    if (tagsFit) useLibraryUi.getState().setTagsOverlay(false);
  }, [tagsFit]);
  useUndoKeys();
  const known = width > 0;
  return (
    <>
      <Toolbar tagsFit={tagsFit} />
      <div className="library-body" ref={ref}>
        <AfterFirstPaint>
          {known && (layout.tagsDocked || (tagsOverlay && !tagsFit)) && <TagPanel width={layout.tagWidth} overlay={!layout.tagsDocked} />}
        </AfterFirstPaint>
        <Gallery />
        <AfterFirstPaint>{known && layout.panel !== 'closed' && <ItemPanel width={layout.panelWidth} overlay={layout.panel === 'overlay'} />}</AfterFirstPaint>
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
