import type { ReactNode } from 'react';
import { ActionIcon, Menu, Tooltip } from '@mantine/core';
import type { Dataset } from '../../shared/contract';
import { formatNumber, useLang, useStrings } from '../i18n';
import type { DatasetDialog } from './DatasetDialogs';
import { Deferred, lazyNamed } from './Deferred';
import type { PageDef } from './extensions';
import { appStrings } from './i18n';
import { IconAlert, IconDots, IconPencil, IconPlus, IconSettings, IconTrash, Logo } from './icons';
import { useApp, useStudio } from './studio-context';
import { useShellUi } from './ui-store';

const DatasetDialogs = lazyNamed(() => import('./DatasetDialogs'), 'DatasetDialogs');
const SettingsDialog = lazyNamed(() => import('./SettingsDialog'), 'SettingsDialog');

export function Sidebar({ pages, jobs }: { pages: PageDef[]; jobs: ReactNode }) {
  const { app } = useStudio();
  const t = useStrings(appStrings);
  const lang = useLang();
  const pageId = useApp((s) => s.page);
  const datasets = useApp((s) => s.datasets);
  const datasetId = useApp((s) => s.datasetId);
  const { datasetDialog: dialog, openDatasetDialog: setDialog, settingsOpen, setSettings: setSettingsOpen } = useShellUi();

  return (
    <nav className="sidebar" data-testid="sidebar">
      <div className="sidebar-brand">
        <Logo />
        <span style={{ flex: 1 }}>{t.appName}</span>
        <Tooltip label={t.settings}>
          <ActionIcon onClick={() => setSettingsOpen(true)} aria-label={t.settings} data-testid="open-settings">
            <IconSettings size={16} />
          </ActionIcon>
        </Tooltip>
      </div>
      {pages.length > 1 && (
        <div className="sidebar-section">
          {pages.map((p) => (
            <button key={p.id} className="nav-row" data-active={p.id === pageId || undefined} onClick={() => app.getState().setPage(p.id)} data-testid={`page-${p.id}`}>
              <p.icon size={15} />
              <span className="nav-label">{p.label[lang]}</span>
            </button>
          ))}
        </div>
      )}
      <div className="sidebar-section" style={{ paddingBottom: 0 }}>
        <div className="sidebar-heading">
          <span>{t.datasets}</span>
          <Tooltip label={t.newDataset}>
            <ActionIcon size="sm" onClick={() => setDialog({ kind: 'create' })} aria-label={t.newDataset} data-testid="new-dataset">
              <IconPlus size={14} />
            </ActionIcon>
          </Tooltip>
        </div>
      </div>
      <div className="sidebar-scroll" style={{ padding: '0 6px' }}>
        {datasets.length === 0 && (
          <div className="sidebar-empty">
            <div style={{ fontWeight: 600, marginBottom: 4 }}>{t.noDatasets}</div>
            {t.noDatasetsHint}
          </div>
        )}
        {datasets.map((d) => (
          <DatasetRow key={d.id} dataset={d} active={d.id === datasetId} onDialog={setDialog} />
        ))}
      </div>
      {jobs}
      <Deferred when={dialog !== null}>
        <DatasetDialogs dialog={dialog} onClose={() => setDialog(null)} />
      </Deferred>
      <Deferred when={settingsOpen}>
        <SettingsDialog opened={settingsOpen} onClose={() => setSettingsOpen(false)} />
      </Deferred>
    </nav>
  );
}

function DatasetRow({ dataset, active, onDialog }: { dataset: Dataset; active: boolean; onDialog(d: DatasetDialog): void }) {
  const { app } = useStudio();
  const t = useStrings(appStrings);
  const lang = useLang();
  return (
    <div
      className="nav-row"
      role="button"
      tabIndex={0}
      data-active={active || undefined}
      data-testid="dataset-row"
      onClick={() => app.getState().selectDataset(dataset.id)}
      onKeyDown={(e) => e.key === 'Enter' && app.getState().selectDataset(dataset.id)}
      title={t.itemCount(dataset.itemCount)}
    >
      <span className="nav-label" translate="no" title={dataset.name}>
        {dataset.name}
      </span>
      {dataset.errorCount > 0 && (
        <Tooltip label={t.errorCount(dataset.errorCount)}>
          <span style={{ color: 'var(--mantine-color-red-text)', display: 'inline-flex' }} data-testid="dataset-errors">
            <IconAlert size={13} />
          </span>
        </Tooltip>
      )}
      <span className="nav-count" data-testid="dataset-count">
        {formatNumber(dataset.itemCount, lang)}
      </span>
      <Menu position="bottom-end">
        <Menu.Target>
          <ActionIcon size="xs" className="nav-menu" onClick={(e) => e.stopPropagation()} aria-label={t.datasetActions}>
            <IconDots size={14} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown onClick={(e) => e.stopPropagation()}>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onDialog({ kind: 'rename', dataset })}>
            {t.rename}
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => onDialog({ kind: 'delete', dataset })}>
            {t.delete}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </div>
  );
}
