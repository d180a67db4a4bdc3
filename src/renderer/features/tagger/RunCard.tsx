import { useState } from 'react';
import { Alert, Button, Checkbox, Group, NumberInput, Progress, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { providerRequests, tagRunResultSchema, type ProviderRequest } from '../../../shared/contract';
import { ErrorText, OriginalText } from '../../app/CoreText';
import { describeError } from '../../app/errors';
import { IconAlert } from '../../app/icons';
import { attempt } from '../../app/notify';
import { useApp, useGallery, useJobs, useStudio } from '../../app/studio-context';
import { formatRate, useLang, useStrings } from '../../i18n';
import { formatEta } from './format';
import { taggerStrings } from './i18n';
import { PROVIDER_NAMES, ProviderWarning } from './provider-status';
import { useTaggerUi } from './tagger-ui';
import type { ModelOption } from './use-models';

/** Runs the model over the dataset or the selection, with live progress (images/s, ETA) and the provider used. */
export function RunCard({ model }: { model: ModelOption | null }) {
  const { conn, jobs } = useStudio();
  const t = useStrings(taggerStrings);
  const datasetId = useApp((s) => s.datasetId);
  const itemCount = useApp((s) => s.datasets.find((d) => d.id === s.datasetId)?.itemCount ?? 0);
  const selected = useGallery((s) => s.selected);
  const { provider, batch, set } = useTaggerUi();
  const [scope, setScope] = useState<'dataset' | 'selection'>('dataset');
  const [force, setForce] = useState(false);
  const job = useJobs((s) => s.jobs.find((j) => j.kind === 'tag' && j.datasetId === datasetId));
  const active = job && (job.status === 'running' || job.status === 'queued');
  const result = job?.status === 'done' ? tagRunResultSchema.safeParse(job.result) : null;
  const last = result?.success ? result.data : null;
  const useSelection = scope === 'selection' && selected.size > 0;
  const lang = useLang();
  const failure = job?.error ? describeError(job.error, lang) : null;

  const run = () =>
    void attempt(async () => {
      if (!datasetId || !model) return;
      await conn.client.call('tagger.run', {
        datasetId,
        model: model.id,
        provider,
        batch,
        force,
        ...(useSelection ? { itemIds: [...selected] } : {}),
      });
    });

  const pct = job && job.total > 0 ? (job.done / job.total) * 100 : 0;
  return (
    <Stack gap="xs" data-testid="tagger-run-card">
      <SegmentedControl
        size="xs"
        // Its labels wrap in a narrow column rather than run out of their segment.
        styles={{ label: { whiteSpace: 'normal' } }}
        value={scope}
        onChange={(v) => setScope(v as 'dataset' | 'selection')}
        data={[
          { value: 'dataset', label: t.scopeDataset(itemCount) },
          { value: 'selection', label: t.scopeSelection(selected.size), disabled: selected.size === 0 },
        ]}
      />
      <Group gap="xs" grow>
        <Select
          size="xs"
          label={t.provider}
          value={provider}
          onChange={(v) => v && set({ provider: v as ProviderRequest })}
          data={providerRequests.map((p) => ({ value: p, label: p === 'auto' ? t.providerAuto : PROVIDER_NAMES[p] }))}
          allowDeselect={false}
          data-testid="tagger-provider-select"
        />
        <NumberInput size="xs" label={t.batch} description={t.batchHint} min={1} max={256} value={batch} onChange={(v) => set({ batch: Math.max(1, Number(v) || 1) })} />
      </Group>
      <Checkbox size="xs" label={t.force} checked={force} onChange={(e) => setForce(e.currentTarget.checked)} />
      {model && model.status !== 'ready' && model.source === 'catalog' && (
        <Text size="xs" c="dimmed">
          {t.modelNotReady}
        </Text>
      )}
      <Group gap="xs">
        <Button onClick={run} disabled={!model || model.status !== 'ready' || !!active} loading={!!active} data-testid="tagger-run">
          {t.run}
        </Button>
        {active && job && (
          <Button variant="default" onClick={() => void attempt(() => jobs.getState().cancel(job.id))}>
            {t.cancel}
          </Button>
        )}
      </Group>
      {active && job && (
        <Stack gap={2} data-testid="tagger-progress">
          <Progress value={pct} size="sm" animated />
          <Group gap="md">
            <Text size="xs">{t.progress(job.done, job.total)}</Text>
            {job.rate !== null && <Text size="xs">{t.rate(formatRate(job.rate))}</Text>}
            {job.etaSeconds !== null && <Text size="xs">{t.eta(formatEta(job.etaSeconds, t))}</Text>}
          </Group>
          {/* The core's progress note (the provider, why another did not start) is English: other languages
              say it is tagging, with the note one click away; the warning after the run says it by cause. */}
          {job.message && (
            <Text component="div" size="xs" c="dimmed" data-testid="tagger-progress-note">
              {lang === 'en' ? job.message : t.running}
              <OriginalText text={lang === 'en' ? '' : job.message} />
            </Text>
          )}
        </Stack>
      )}
      {job?.status === 'failed' && failure && (
        <Alert color="red" icon={<IconAlert size={16} />} title={t.runFailed} p="xs" data-testid="tagger-run-error">
          <Text component="div" size="xs">
            <ErrorText error={failure} />
          </Text>
          <Text size="xs" c="dimmed">
            {failure.advice}
          </Text>
        </Alert>
      )}
      {last && (
        <Text size="xs" c="dimmed" data-testid="tagger-last-run">
          {t.lastRun(last.scored, last.imagesPerSecond === null ? '–' : formatRate(last.imagesPerSecond), last.provider.toUpperCase())}
        </Text>
      )}
      {last?.warning && <ProviderWarning requested={last.requested} used={last.provider} reason={last.warning} problems={last.problems} testId="tagger-run-fallback" />}
    </Stack>
  );
}
