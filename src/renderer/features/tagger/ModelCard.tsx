import { useState } from 'react';
import { Badge, Button, Group, Progress, Select, Stack, Text, TextInput } from '@mantine/core';
import { providerWarned, type ExecutionProvider, type ProviderProblem, type ProviderRequest, type ProvidersInfo } from '../../../shared/contract';
import { IconFolderPlus } from '../../app/icons';
import { attempt, notifyDone } from '../../app/notify';
import { useApp, useJobs, useStudio } from '../../app/studio-context';
import { formatBytes, useStrings } from '../../i18n';
import { taggerStrings } from './i18n';
import { PROVIDER_NAMES, ProviderWarning, useLastTagRun } from './provider-status';
import { useTaggerUi } from './tagger-ui';
import type { ModelOption } from './use-models';

/** Model choice, its download (with progress) and where it will run. */
export function ModelCard({ models, providers, reload }: { models: ModelOption[]; providers: ProvidersInfo | null; reload(): void }) {
  const { conn } = useStudio();
  const t = useStrings(taggerStrings);
  const modelId = useTaggerUi((s) => s.modelId);
  const setUi = useTaggerUi((s) => s.set);
  const model = models.find((m) => m.id === modelId) ?? null;
  const job = useJobs((s) => (model?.jobId ? s.jobs.find((j) => j.id === model.jobId) : undefined));
  const [folder, setFolder] = useState('');
  const [adding, setAdding] = useState(false);

  const statusText = (m: ModelOption) =>
    m.status === 'ready' ? t.statusReady : m.status === 'partial' ? t.statusPartial : m.status === 'absent' ? t.statusAbsent : m.status;
  const data = [
    { group: t.catalogGroup, items: models.filter((m) => m.source === 'catalog').map((m) => ({ value: m.id, label: `${m.name} — ${statusText(m)}` })) },
    { group: t.localGroup, items: models.filter((m) => m.source === 'local').map((m) => ({ value: m.id, label: `${m.name} — ${statusText(m)}` })) },
  ].filter((g) => g.items.length > 0);

  const downloading = job && (job.status === 'running' || job.status === 'queued');
  const pct = job && job.total > 0 ? Math.floor((job.done / job.total) * 100) : 0;

  const download = () =>
    void attempt(async () => {
      if (!model) return;
      await conn.client.call('models.download', { id: model.id });
      reload();
    });

  const addFolder = () =>
    void attempt(async () => {
      const m = await conn.client.call('models.addLocal', { path: folder.trim() });
      setUi({ modelId: m.id });
      setFolder('');
      setAdding(false);
      reload();
      notifyDone(t.downloaded, m.name);
    });

  return (
    <Stack gap="xs" data-testid="tagger-model-card">
      <Select
        label={t.model}
        placeholder={t.chooseModel}
        data={data}
        value={modelId}
        onChange={(v) => setUi({ modelId: v })}
        searchable
        allowDeselect={false}
        data-testid="tagger-model"
        comboboxProps={{ withinPortal: true }}
      />
      {model && model.status !== 'ready' && model.source === 'catalog' && (
        <Group gap="xs" align="center">
          <Button size="xs" onClick={download} loading={!!downloading} data-testid="tagger-download">
            {model.status === 'partial' ? t.resumeDownload : t.download}
          </Button>
          <Text size="xs" c="dimmed">
            {t.downloadSize(formatBytes(model.bytes))}
          </Text>
        </Group>
      )}
      {downloading && (
        <Stack gap={2} data-testid="tagger-download-progress">
          <Text size="xs">{t.downloading(pct)}</Text>
          <Progress value={pct} size="sm" animated />
        </Stack>
      )}
      {adding ? (
        <Group gap="xs" align="end">
          <TextInput style={{ flex: 1 }} size="xs" label={t.folderPath} value={folder} onChange={(e) => setFolder(e.currentTarget.value)} data-testid="tagger-folder" />
          <Button size="xs" onClick={addFolder} disabled={!folder.trim()} data-testid="tagger-folder-add">
            {t.add}
          </Button>
        </Group>
      ) : (
        <Button size="xs" variant="subtle" leftSection={<IconFolderPlus size={14} />} onClick={() => setAdding(true)} style={{ alignSelf: 'flex-start' }} data-testid="tagger-add-folder">
          {t.addFolder}
        </Button>
      )}
      <ProviderBadge providers={providers} modelId={modelId} />
    </Stack>
  );
}

/** Where tagging runs: after a run, the provider its session really ran on; before, what the probe expects
 * for the provider asked for. The GPU's name, or the CPU; a warning with the reason when a GPU asked for, or
 * (auto) one this computer has, is not used. */
export function ProviderBadge({ providers, modelId }: { providers: ProvidersInfo | null; modelId: string | null }) {
  const t = useStrings(taggerStrings);
  const asked = useTaggerUi((s) => s.provider);
  const datasetId = useApp((s) => s.datasetId);
  const last = useLastTagRun(datasetId, modelId);
  if (!providers && !last) return null;
  let runs: ExecutionProvider;
  let requested: ProviderRequest;
  let warning: string | null;
  let problems: ProviderProblem[];
  if (last) {
    runs = last.provider;
    requested = last.requested;
    warning = last.warning;
    problems = last.problems;
  } else {
    const wanted = asked === 'auto' ? providers!.best : asked;
    const status = providers!.providers.find((p) => p.name === wanted);
    runs = status?.available ? wanted : 'cpu';
    requested = asked;
    const warned = providerWarned(asked, runs, providers!.gpuExpected);
    warning = warned ? (asked === 'auto' ? providers!.autoWarning : (status?.reason ?? null)) : null;
    const problem = warned ? (asked === 'auto' ? providers!.autoProblem : (status?.problem ?? null)) : null;
    problems = problem ? [problem] : [];
  }
  const gpu = runs !== 'cpu';
  const label = gpu ? t.gpuOn(providers?.gpuName && (runs === 'cuda' || runs === 'tensorrt') ? providers.gpuName : PROVIDER_NAMES[runs]) : t.cpu;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {last ? t.providerLastRun : t.provider}
        </Text>
        <Badge color={gpu ? 'teal' : 'gray'} variant="light" data-testid="tagger-provider" data-from={last ? 'last-run' : 'probe'} translate="no">
          {label}
        </Badge>
      </Group>
      {warning !== null && <ProviderWarning requested={requested} used={runs} reason={warning} problems={problems} testId="tagger-fallback" />}
    </Stack>
  );
}
