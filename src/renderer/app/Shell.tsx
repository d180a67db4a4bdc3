import { Suspense } from 'react';
import { Notifications } from '@mantine/notifications';
import { useLang, useStrings } from '../i18n';
import { ImportDrop } from '../features/library/import/ImportDrop';
import { JobsPanel } from '../features/jobs/JobsPanel';
import { AfterFirstPaint } from './Deferred';
import { byOrder } from './extensions';
import { appStrings } from './i18n';
import { pages } from './pages';
import { Sidebar } from './Sidebar';
import { useApp } from './studio-context';
import { Welcome } from './Welcome';

/** Sidebar (pages, datasets, jobs) beside the open page, and the notifications. */
export function Shell() {
  const t = useStrings(appStrings);
  const lang = useLang();
  const pageId = useApp((s) => s.page);
  const datasetId = useApp((s) => s.datasetId);
  const hasDatasets = useApp((s) => s.datasets.length > 0);
  const list = byOrder(pages);
  const page = list.find((p) => p.id === pageId) ?? list[0]!;
  return (
    <div className="shell" lang={lang}>
      <Sidebar
        pages={list}
        jobs={
          <AfterFirstPaint>
            <JobsPanel />
          </AfterFirstPaint>
        }
      />
      <main className="main" data-page={page.id}>
        {page.needsDataset && datasetId === null ? (
          hasDatasets ? <div className="page-empty">{t.noDatasetOpen}</div> : <Welcome />
        ) : (
          <Suspense fallback={null}>
            <page.component key={page.id} />
          </Suspense>
        )}
      </main>
      <ImportDrop />
      {/* Where nothing there needs the pointer while one shows: below the library's toolbar and the item panel's
          head; at the bottom on pages whose inputs sit at their top (the tag table's search, Start training). */}
      <Notifications position={page.noticesAt === 'bottom' ? 'bottom-right' : 'top-right'} limit={3} containerWidth={340} className="notifications" />
    </div>
  );
}
