import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Badge, Button, Chip, Group, Menu, MultiSelect, Paper, Progress, ScrollArea, Slider, Stack, Switch, Text, Title, Tooltip } from '@mantine/core';
import type { TrainingRun } from '../../../shared/contract';
import { attempt } from '../../app/notify';
import { IconChevronDown } from '../../app/icons';
import { formatNumber, useLang, useStrings } from '../../i18n';
import { Artifacts } from './Artifacts';
import type { RunMetrics } from './chart-data';
import { trainingStrings } from './i18n';
import { LogConsole } from './LogConsole';
import { LossChart } from './LossChart';
import { RunErrorAlert } from './RunErrorAlert';
import { useTraining, type TrainingStore } from './training-store';

const ACTIVE = new Set<TrainingRun['status']>(['running', 'stopping']);
const STATUS_COLOR: Record<TrainingRun['status'], string> = { queued: 'gray', running: 'blue', stopping: 'orange', stopped: 'yellow', done: 'teal', failed: 'red', cancelled: 'gray' };

export function formatEta(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '--:--';
  const v = Math.max(0, Math.round(s));
  const h = Math.floor(v / 3600);
  const m = String(Math.floor((v % 3600) / 60)).padStart(2, '0');
  const sec = String(v % 60).padStart(2, '0');
  return h ? `${h}:${m}:${sec}` : `${m}:${sec}`;
}

/** The queue and past runs beside the selected run's chart, console and outputs. */
export function RunsView({ store }: { store: TrainingStore }) {
  const t = useStrings(trainingStrings);
  const runs = useTraining(store, (s) => s.runs);
  const selected = useTraining(store, (s) => s.selected);
  const run = runs.find((r) => r.id === selected) ?? null;
  const queued = runs.filter((r) => r.status === 'queued').sort((a, b) => a.position - b.position);
  if (!runs.length) {
    return (
      <Text c="dimmed" size="sm" p="md">
        {t.noRuns}
      </Text>
    );
  }
  return (
    <div className="training-runs">
      <ScrollArea className="run-list" type="auto" data-testid="run-list">
        <Stack gap={6} p={2}>
          {runs.map((r) => (
            <RunRow key={r.id} run={r} store={store} selected={r.id === selected} queueIndex={queued.indexOf(r)} queueLength={queued.length} />
          ))}
        </Stack>
      </ScrollArea>
      {run && <RunDetail key={run.id} run={run} runs={runs} store={store} />}
    </div>
  );
}

function RunRow({ run, store, selected, queueIndex, queueLength }: { run: TrainingRun; store: TrainingStore; selected: boolean; queueIndex: number; queueLength: number }) {
  const t = useStrings(trainingStrings);
  const s = store.getState();
  const p = run.progress;
  const training = run.currentStep === 'train';
  const pct = training && p.totalSteps ? (100 * (p.step ?? 0)) / p.totalSteps : p.stepTotal ? (100 * (p.stepDone ?? 0)) / p.stepTotal : 0;
  return (
    <Paper
      withBorder
      p={8}
      radius="sm"
      className={selected ? 'run-row selected' : 'run-row'}
      onClick={() => s.select(run.id)}
      data-testid="run-row"
      data-run={run.id}
      data-status={run.status}
    >
      <Group justify="space-between" wrap="nowrap" gap={6}>
        <Text size="sm" fw={600} truncate translate="no">
          #{run.id} {run.title}
        </Text>
        <Badge size="xs" color={STATUS_COLOR[run.status]} data-testid="run-status">
          {t.status[run.status]}
        </Badge>
      </Group>
      {ACTIVE.has(run.status) && (
        <>
          <Text size="xs" c="dimmed" mt={2}>
            {run.currentStep ? (t.stepNames[run.currentStep as keyof typeof t.stepNames] ?? run.currentStep) : ''}
            {training && p.step !== null ? ` · ${t.stepOf(p.step, p.totalSteps === null ? '?' : String(p.totalSteps))}` : ''}
            {training && p.etaSeconds !== null ? ` · ${t.eta(formatEta(p.etaSeconds))}` : ''}
          </Text>
          <Progress value={pct} size="sm" mt={4} animated={run.status === 'running'} data-testid="run-progress" />
        </>
      )}
      <Group gap={4} mt={6} onClick={(e) => e.stopPropagation()}>
        {ACTIVE.has(run.status) && (
          <Menu position="bottom-start" withinPortal>
            <Menu.Target>
              <Button size="compact-xs" variant="default" rightSection={<IconChevronDown size={12} />} data-testid="run-stop">
                {t.stop}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => void attempt(() => s.stop(run.id, 'graceful'))} data-testid="stop-graceful">
                {t.stop}
              </Menu.Item>
              <Menu.Item onClick={() => void attempt(() => s.stop(run.id, 'save'))} data-testid="stop-save">
                {t.saveAndStop}
              </Menu.Item>
              <Menu.Item color="red" onClick={() => void attempt(() => s.stop(run.id, 'kill'))} data-testid="stop-kill">
                {t.kill}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
        {(run.status === 'stopped' || run.status === 'failed') && run.resumeState && (
          <Button size="compact-xs" variant="light" onClick={() => void attempt(() => s.resume(run.id))} data-testid="run-resume">
            {t.resume}
          </Button>
        )}
        {/* Ended before training began (in caching, or at pre-flight): nothing to lose, it starts over. */}
        {(run.status === 'stopped' || run.status === 'failed') && !run.resumeState && run.segments === 0 && (
          <Button size="compact-xs" variant="light" onClick={() => void attempt(() => s.resume(run.id))} data-testid="run-restart">
            {t.startAgain}
          </Button>
        )}
        {run.status === 'queued' && (
          <>
            <Button size="compact-xs" variant="default" onClick={() => void attempt(() => s.cancel(run.id))} data-testid="run-cancel">
              {t.cancel}
            </Button>
            <Tooltip label={t.moveUp}>
              <ActionIcon size="sm" variant="default" disabled={queueIndex <= 0} onClick={() => void attempt(() => s.move(run.id, -1))} aria-label={t.moveUp} data-testid="run-up">
                ↑
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t.moveDown}>
              <ActionIcon size="sm" variant="default" disabled={queueIndex < 0 || queueIndex >= queueLength - 1} onClick={() => void attempt(() => s.move(run.id, 1))} aria-label={t.moveDown} data-testid="run-down">
                ↓
              </ActionIcon>
            </Tooltip>
          </>
        )}
      </Group>
    </Paper>
  );
}

const EMPTY: RunMetrics = {};

function RunDetail({ run, runs, store }: { run: TrainingRun; runs: TrainingRun[]; store: TrainingStore }) {
  const t = useStrings(trainingStrings);
  const lang = useLang();
  const metrics = useTraining(store, (s) => s.metrics[run.id] ?? EMPTY);
  const all = useTraining(store, (s) => s.metrics);
  const [smoothing, setSmoothing] = useState(0.6);
  const [logScale, setLogScale] = useState(false);
  const [show, setShow] = useState<string[]>(['loss', 'average', 'lr', 'epoch']);
  const [overlay, setOverlay] = useState<string[]>([]);

  useEffect(() => {
    for (const id of overlay.map(Number)) if (!store.getState().metrics[id]) void attempt(() => store.getState().loadMetrics(id));
  }, [overlay, store]);

  const input = useMemo(
    () => ({
      metrics,
      smoothing,
      show: { loss: show.includes('loss'), average: show.includes('average'), lr: show.includes('lr'), epoch: show.includes('epoch') },
      overlays: overlay.map(Number).filter((id) => all[id]).map((id) => ({ label: `#${id}`, metrics: all[id]! })),
      labels: { loss: t.seriesLoss, lossRaw: t.seriesLossRaw, average: t.seriesAverage, lr: t.seriesLr, epoch: t.seriesEpoch },
    }),
    [metrics, smoothing, show, overlay, all, t],
  );
  const p = run.progress;
  const hasPoints = Object.values(metrics).some((s) => s.steps.length > 0);

  return (
    <Stack gap="sm" className="run-detail" data-testid="run-detail">
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between">
          <Title order={6} translate="no">
            #{run.id} {run.title}
          </Title>
          <Text size="xs" c="dimmed" data-testid="run-facts">
            {p.step !== null ? t.stepOf(p.step, p.totalSteps === null ? '?' : formatNumber(p.totalSteps, lang)) : ''}
            {p.epoch !== null ? ` · ${t.epochOf(p.epoch, p.totalEpochs === null ? '?' : String(p.totalEpochs))}` : ''}
            {p.loss !== null ? ` · ${t.loss} ${p.loss.toFixed(4)}` : ''}
            {p.rate !== null && run.status === 'running' ? ` · ${t.itPerSec(p.rate.toFixed(2))}` : ''}
          </Text>
        </Group>
        {run.error && <RunErrorAlert error={run.error} />}
      </Paper>
      <Paper withBorder p="sm" radius="md">
        <Group justify="space-between" mb={6} wrap="wrap" gap="sm">
          <Title order={6}>{t.chart}</Title>
          <Group gap="md" wrap="wrap">
            <Chip.Group multiple value={show} onChange={setShow}>
              <Group gap={4}>
                <Chip size="xs" value="loss" data-testid="series-loss">
                  {t.seriesLoss}
                </Chip>
                <Chip size="xs" value="average" data-testid="series-average">
                  {t.seriesAverage}
                </Chip>
                <Chip size="xs" value="lr" data-testid="series-lr">
                  {t.seriesLr}
                </Chip>
                <Chip size="xs" value="epoch" data-testid="series-epoch">
                  {t.seriesEpoch}
                </Chip>
              </Group>
            </Chip.Group>
            <Group gap={6} w={180}>
              <Text size="xs">{t.smoothing}</Text>
              <Slider size="xs" min={0} max={0.99} step={0.01} value={smoothing} onChange={setSmoothing} style={{ flex: 1 }} label={(v) => v.toFixed(2)} data-testid="smoothing" />
            </Group>
            <Switch size="xs" label={t.logScale} checked={logScale} onChange={(e) => setLogScale(e.currentTarget.checked)} data-testid="log-scale" />
            <MultiSelect
              size="xs"
              w={200}
              placeholder={overlay.length ? undefined : t.overlayPlaceholder}
              aria-label={t.overlay}
              data={runs.filter((r) => r.id !== run.id).map((r) => ({ value: String(r.id), label: `#${r.id} ${r.title}` }))}
              value={overlay}
              onChange={setOverlay}
              clearable
              data-testid="overlay"
            />
          </Group>
        </Group>
        {hasPoints ? (
          <LossChart input={input} logScale={logScale} stepLabel={t.stepAxis} />
        ) : (
          <Text size="sm" c="dimmed" py="xl" ta="center">
            {t.noMetrics}
          </Text>
        )}
      </Paper>
      <div className="run-bottom">
        <Paper withBorder p="sm" radius="md" className="run-console">
          <LogConsole store={store} runId={run.id} />
        </Paper>
        <Paper withBorder p="sm" radius="md" className="run-artifacts">
          <Artifacts store={store} runId={run.id} />
        </Paper>
      </div>
    </Stack>
  );
}
