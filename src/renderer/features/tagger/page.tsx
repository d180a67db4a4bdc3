import { useCallback, useEffect, useState } from 'react';
import { Paper, Stack, Text, Title } from '@mantine/core';
import type { PageDef } from '../../app/extensions';
import { IconTag } from '../../app/icons';
import { notifyError } from '../../app/notify';
import { useApp, useJobs, useStudio } from '../../app/studio-context';
import { useStrings } from '../../i18n';
import { taggerStrings } from './i18n';
import { ModelCard } from './ModelCard';
import { RunCard } from './RunCard';
import { SelectionCard } from './SelectionCard';
import { TagTable } from './TagTable';
import { useTaggerUi } from './tagger-ui';
import { useModels, useProviders } from './use-models';

/** The Tagger page: choose and download a model, run it, slice its stored scores into tags, tidy the tags. */
function TaggerPage() {
  const { conn } = useStudio();
  const t = useStrings(taggerStrings);
  const datasetId = useApp((s) => s.datasetId);
  const modelId = useTaggerUi((s) => s.modelId);
  const { models, reload } = useModels();
  const providers = useProviders();
  const model = models.find((m) => m.id === modelId) ?? null;
  const [scored, setScored] = useState(false);
  const [version, setVersion] = useState(0);
  // A finished tag job brings new scores (and tags).
  const lastTagJob = useJobs((s) => s.jobs.find((j) => j.kind === 'tag' && j.datasetId === datasetId && j.status === 'done')?.id ?? null);

  useEffect(() => {
    if (!datasetId || !modelId) return setScored(false);
    conn.client
      .call('tagger.scoredModels', { datasetId })
      .then((list) => setScored(list.some((m) => m.modelId === modelId && m.scoredItems > 0)))
      .catch(notifyError);
  }, [conn, datasetId, modelId, lastTagJob]);
  useEffect(() => setVersion((v) => v + 1), [lastTagJob]);
  const onApplied = useCallback(() => setVersion((v) => v + 1), []);

  if (!datasetId) return null;
  return (
    <div data-testid="tagger-page" style={{ display: 'flex', gap: 16, padding: 16, height: '100%', minHeight: 0, overflow: 'hidden' }}>
      {/* 400 px where the window has room; narrower windows give the table the width its columns need. */}
      <Stack gap="md" style={{ width: 'clamp(280px, 28vw, 400px)', flexShrink: 0, overflowY: 'auto', paddingRight: 4 }}>
        <Paper withBorder p="md" radius="md">
          <Title order={5} mb="xs">
            {t.model}
          </Title>
          <ModelCard models={models} providers={providers} reload={reload} />
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={5} mb="xs">
            {t.scope}
          </Title>
          <RunCard model={model} />
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={5} mb="xs">
            {t.thresholds}
          </Title>
          {model && scored ? (
            <SelectionCard key={`${datasetId}:${model.id}:${lastTagJob ?? 0}`} datasetId={datasetId} modelId={model.id} onApplied={onApplied} />
          ) : (
            <Text size="sm" c="dimmed">
              {t.noScores}
            </Text>
          )}
        </Paper>
      </Stack>
      {/* The controls stack in one column so the tag table, the widest content, gets the rest of the window. */}
      <Paper withBorder p="md" radius="md" style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
        <Title order={5} mb="xs">
          {t.tagTable}
        </Title>
        <TagTable datasetId={datasetId} version={version} />
      </Paper>
    </div>
  );
}

export const taggerPage: PageDef = {
  id: 'tagger',
  order: 10,
  label: { en: taggerStrings.en.pageLabel, 'zh-CN': taggerStrings['zh-CN'].pageLabel },
  icon: IconTag,
  component: TaggerPage,
  needsDataset: true,
  noticesAt: 'bottom',
};
