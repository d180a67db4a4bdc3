import { useCallback, useEffect, useState } from 'react';
import type { CatalogModel, InstalledModel, ProvidersInfo } from '../../../shared/contract';
import { notifyError } from '../../app/notify';
import { useStudio } from '../../app/studio-context';

export interface ModelOption {
  id: string;
  name: string;
  source: 'catalog' | 'local';
  status: 'ready' | 'partial' | 'absent' | 'missing' | 'invalid';
  bytes: number | null;
  downloadedBytes: number;
  jobId: number | null;
}

/** Catalog and local models with their download state, refreshed when models change. */
export function useModels(): { models: ModelOption[]; reload(): void } {
  const { conn } = useStudio();
  const [models, setModels] = useState<ModelOption[]>([]);
  const reload = useCallback(() => {
    Promise.all([conn.client.call('models.catalog', {}), conn.client.call('models.list', {})])
      .then(([catalog, installed]) => setModels(merge(catalog, installed)))
      .catch(notifyError);
  }, [conn]);
  useEffect(() => {
    reload();
    const offs = [
      conn.client.on('models.changed', reload),
      conn.client.on('job.updated', (j) => {
        if (j.kind === 'model-download' && j.status !== 'running') reload();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [conn, reload]);
  return { models, reload };
}

function merge(catalog: CatalogModel[], installed: InstalledModel[]): ModelOption[] {
  const out: ModelOption[] = catalog.map((m) => ({
    id: m.id,
    name: m.name,
    source: 'catalog',
    status: m.status,
    bytes: m.files.every((f) => f.bytes) ? m.files.reduce((a, f) => a + (f.bytes ?? 0), 0) : (m.approxBytes ?? null),
    downloadedBytes: m.downloadedBytes,
    jobId: m.jobId,
  }));
  for (const m of installed) {
    if (m.source !== 'local') continue;
    out.push({ id: m.id, name: m.name, source: 'local', status: m.status, bytes: m.diskBytes, downloadedBytes: m.diskBytes, jobId: null });
  }
  return out;
}

/** What this machine can run models on (probed once by the service). */
export function useProviders(): ProvidersInfo | null {
  const { conn } = useStudio();
  const [info, setInfo] = useState<ProvidersInfo | null>(null);
  useEffect(() => {
    conn.client.call('models.providers', {}).then(setInfo).catch(notifyError);
  }, [conn]);
  return info;
}
