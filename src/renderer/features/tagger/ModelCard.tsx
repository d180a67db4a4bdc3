import { useState } from 'react';
import { Alert, Badge, Button, Group, Progress, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import type { ProvidersInfo } from '../../../shared/contract';
import { IconAlert, IconFolderPlus } from '../../app/icons';
import { attempt, notifyDone } from '../../app/notify';
import { useJobs, useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { formatBytes } from './format';
import { taggerStrings } from './i18n';
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
          <Button size="xs" onClick={addFolder} disabled={!folder.trim()}>
            {t.add}
          </Button>
        </Group>
      ) : (
        <Button size="xs" variant="subtle" leftSection={<IconFolderPlus size={14} />} onClick={() => setAdding(true)} style={{ alignSelf: 'flex-start' }}>
          {t.addFolder}
        </Button>
      )}
      <ProviderBadge providers={providers} />
    </Stack>
  );
}

/** Where tagging will run: the GPU's name, or the CPU; a warning with the reason when a requested GPU cannot. */
export function ProviderBadge({ providers }: { providers: ProvidersInfo | null }) {
  const t = useStrings(taggerStrings);
  const asked = useTaggerUi((s) => s.provider);
  if (!providers) return null;
  const wanted = asked === 'auto' ? providers.best : asked;
  const status = providers.providers.find((p) => p.name === wanted);
  const runs = status?.available ? wanted : 'cpu';
  const gpu = runs !== 'cpu';
  const label = gpu ? t.gpuOn(providers.gpuName ?? status?.label ?? runs) : t.cpu;
  const fellBack = asked !== 'auto' && asked !== 'cpu' && !status?.available;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {t.provider}
        </Text>
        <Badge color={gpu ? 'teal' : 'gray'} variant="light" data-testid="tagger-provider" translate="no">
          {label}
        </Badge>
      </Group>
      {fellBack && (
        <Alert color="yellow" icon={<IconAlert size={16} />} title={t.fallbackTitle} p="xs" data-testid="tagger-fallback">
          <Tooltip label={status?.reason ?? ''} multiline w={360} disabled={!status?.reason}>
            <Text size="xs" translate="no">
              {t.fellBack(status?.label ?? asked, t.cpu)}. {status?.reason}
            </Text>
          </Tooltip>
        </Alert>
      )}
    </Stack>
  );
}
