import { useCallback, useEffect, useState } from 'react';
import { Alert, Badge, Button, Code, Group, Modal, Paper, Progress, ScrollArea, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { torchIndexes, type DoctorReport as Report, type EngineId, type EngineStatus, type InstallStage, type Job, type MethodOutput, type ModelPathsView } from '../../../shared/contract';
import { ErrorText, OriginalText, PartsText } from '../../app/CoreText';
import { describeError } from '../../app/errors';
import { attempt, notifyDone } from '../../app/notify';
import { useJobs, useStudio } from '../../app/studio-context';
import { useLang, useStrings } from '../../i18n';
import { DoctorReport } from './DoctorReport';
import { installStageZh } from './install-text';
import { trainingStrings } from './i18n';
import { paramText } from './param-i18n';
import { RichText } from './RichText';

/** Engines (folder, Python, doctor, install) and the global model files. */
export function SetupPanel() {
  const { conn } = useStudio();
  const t = useStrings(trainingStrings);
  const [engines, setEngines] = useState<EngineStatus[]>([]);
  const [paths, setPaths] = useState<ModelPathsView | null>(null);
  const reload = useCallback(() => {
    void attempt(() => conn.client.call('training.engines', {})).then((e) => e && setEngines(e));
    void attempt(() => conn.client.call('training.modelPaths', {})).then((p) => p && setPaths(p));
  }, [conn]);
  useEffect(reload, [reload]);

  return (
    <ScrollArea className="training-setup" type="auto">
      <Stack gap="md" p={2}>
        <Title order={5}>{t.engines}</Title>
        <SimpleGrid cols={2} spacing="md">
          {engines.map((e) => (
            <EngineCard key={e.id} engine={e} onChange={reload} />
          ))}
        </SimpleGrid>
        <Title order={5}>{t.modelPaths}</Title>
        <Text size="sm" c="dimmed">
          {t.modelPathsHint}
        </Text>
        {paths && <ModelPaths view={paths} onSaved={setPaths} />}
      </Stack>
    </ScrollArea>
  );
}

function EngineCard({ engine, onChange }: { engine: EngineStatus; onChange(): void }) {
  const { conn } = useStudio();
  const t = useStrings(trainingStrings);
  const [path, setPath] = useState(engine.path ?? '');
  const [python, setPython] = useState(engine.python ?? '');
  const [report, setReport] = useState<Report | null>(null);
  const [checking, setChecking] = useState(false);
  const [installing, setInstalling] = useState(false);
  useEffect(() => {
    setPath(engine.path ?? '');
    setPython(engine.python ?? '');
  }, [engine]);

  const save = async () => {
    const r = await attempt(() => conn.client.call('training.setEngine', { engine: engine.id, path: path.trim() || null, python: python.trim() || null }));
    if (r) {
      notifyDone(t.saved);
      onChange();
    }
  };
  const check = async () => {
    setChecking(true);
    try {
      const r = await attempt(() => conn.client.call('training.doctor', { engine: engine.id }));
      if (r) setReport(r);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Paper withBorder p="sm" radius="md" data-testid={`engine-${engine.id}`}>
      <Group justify="space-between" mb="xs">
        <Title order={6} translate="no">
          {engine.title}
        </Title>
        <Text size="xs" c="dimmed">
          {t.pinned(engine.pinnedCommit.slice(0, 7))}
        </Text>
      </Group>
      <Stack gap="xs">
        <TextInput size="xs" label={t.folder} value={path} onChange={(e) => setPath(e.currentTarget.value)} translate="no" data-testid="engine-path" />
        <TextInput size="xs" label={t.python} value={python} onChange={(e) => setPython(e.currentTarget.value)} placeholder={engine.resolvedPython ?? ''} data-user-placeholder="" translate="no" data-testid="engine-python" />
        <Group gap="xs">
          <Button size="xs" onClick={() => void save()} data-testid="engine-save">
            {t.save}
          </Button>
          <Button size="xs" variant="default" onClick={() => void check()} loading={checking} data-testid="engine-doctor">
            {t.doctor}
          </Button>
          <Button size="xs" variant="default" onClick={() => setInstalling(true)} data-testid="engine-install">
            {t.install}
          </Button>
        </Group>
        {report && <DoctorReport report={report} />}
      </Stack>
      <InstallDialog engine={engine} opened={installing} onClose={() => setInstalling(false)} onDone={onChange} />
    </Paper>
  );
}

type InstallLog = Pick<MethodOutput<'training.installLog'>, 'lines' | 'stages'>;

function InstallDialog({ engine, opened, onClose, onDone }: { engine: EngineStatus; opened: boolean; onClose(): void; onDone(): void }) {
  const { conn } = useStudio();
  const t = useStrings(trainingStrings);
  const [dir, setDir] = useState('');
  const [torch, setTorch] = useState<string>('cu128');
  const [jobId, setJobId] = useState<number | null>(null);
  const [log, setLog] = useState<InstallLog>({ lines: [], stages: [] });
  const lang = useLang();
  const job = useJobs((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const running = job !== null && (job.status === 'queued' || job.status === 'running');

  useEffect(() => {
    if (jobId === null) return;
    const read = () => void conn.client.call('training.installLog', { jobId, tail: 200 }).then((r) => setLog(r)).catch(() => {});
    read();
    if (!running) return;
    const timer = setInterval(read, 1000);
    return () => clearInterval(timer);
  }, [conn, jobId, running]);
  useEffect(() => {
    if (job?.status === 'done') onDone();
  }, [job?.status, onDone]);

  const install = async () => {
    const r = await attempt(() => conn.client.call('training.install', { engine: engine.id as EngineId, dir: dir.trim(), torch: torch as (typeof torchIndexes)[number] }));
    if (r) setJobId(r.jobId);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={<span translate="no">{t.installTitle(engine.title)}</span>} size="lg">
      <Stack gap="sm">
        <Text size="sm">{t.installHint(engine.repo, engine.pinnedCommit.slice(0, 7))}</Text>
        <TextInput label={t.installDir} value={dir} onChange={(e) => setDir(e.currentTarget.value)} translate="no" data-testid="install-dir" />
        <Select label={t.installTorch} data={[...torchIndexes]} value={torch} onChange={(v) => v && setTorch(v)} allowDeselect={false} translate="no" />
        <Group justify="flex-end">
          <Button onClick={() => void install()} disabled={!dir.trim() || running} loading={running} data-testid="install-run">
            {t.installRun}
          </Button>
        </Group>
        {job && (
          <>
            <Group gap="xs">
              <Badge color={job.status === 'failed' ? 'red' : job.status === 'done' ? 'teal' : 'blue'}>{t.status[job.status]}</Badge>
              <Text size="xs" data-testid="install-stage">
                {lang === 'en' ? job.message : <InstallStageText job={job} stages={log.stages} />}
              </Text>
            </Group>
            <Progress value={job.total ? (100 * job.done) / job.total : 0} size="sm" />
            {job.error && (
              <Alert color="red" p={6} title={describeError(job.error, lang).title}>
                <Text size="xs">
                  <ErrorText error={describeError(job.error, lang)} />
                </Text>
              </Alert>
            )}
          </>
        )}
        {log.lines.length > 0 && (
          <>
            <Text size="xs" fw={600}>
              {t.installLog}
            </Text>
            <ScrollArea h={200}>
              <Code block translate="no">
                {log.lines.join('\n')}
              </Code>
            </ScrollArea>
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** The install step under way (or `installed`), as the Chinese UI names it, with the core's title behind it. */
function InstallStageText({ job, stages }: { job: Job; stages: InstallStage[] }) {
  const stage = job.status === 'done' ? { stage: 'installed' as const, details: {} } : stages[Math.min(job.done, stages.length - 1)];
  if (!stage) return null;
  return (
    <>
      <PartsText parts={installStageZh(stage)} />
      <OriginalText text={job.message ?? ''} />
    </>
  );
}

function ModelPaths({ view, onSaved }: { view: ModelPathsView; onSaved(v: ModelPathsView): void }) {
  const { conn } = useStudio();
  const t = useStrings(trainingStrings);
  const lang = useLang();
  const save = async (patch: { families?: Record<string, Record<string, string>>; models?: Record<string, Record<string, string>> }) => {
    const r = await attempt(() => conn.client.call('training.setModelPaths', patch));
    if (r) onSaved(r);
  };
  const field = (scope: 'families' | 'models', owner: string, f: ModelPathsView['families'][number]['fields'][number], value: string | undefined) => (
    <PathInput
      key={`${owner}:${f.key}`}
      label={paramText({ key: f.key, label: f.label, help: f.help }, lang).label}
      description={paramText({ key: f.key, label: f.label, help: f.help }, lang).help}
      value={value ?? ''}
      testId={`path-${owner}-${f.key}`}
      onCommit={(v) => void save({ [scope]: { [owner]: { [f.key]: v } } })}
    />
  );
  return (
    <SimpleGrid cols={2} spacing="md">
      {view.families.map((fam) => (
        <Paper key={fam.id} withBorder p="sm" radius="md">
          <Title order={6} mb="xs" translate="no">
            {t.family(fam.title)}
          </Title>
          <Stack gap="xs">{fam.fields.map((f) => field('families', fam.id, f, fam.values[f.key]))}</Stack>
        </Paper>
      ))}
      {view.models
        .filter((m) => m.fields.length)
        .map((m) => (
          <Paper key={m.type} withBorder p="sm" radius="md">
            <Title order={6} mb="xs" translate="no">
              {m.title}
            </Title>
            <Stack gap="xs">{m.fields.map((f) => field('models', m.type, f, m.values[f.key]))}</Stack>
          </Paper>
        ))}
    </SimpleGrid>
  );
}

/** A path saved when the field is left (only when it changed). */
function PathInput({ label, description, value, testId, onCommit }: { label: string; description: string; value: string; testId: string; onCommit(v: string): void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <TextInput
      size="xs"
      label={label}
      description={<RichText text={description} />}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => text.trim() !== value && onCommit(text.trim())}
      translate="no"
      data-testid={testId}
    />
  );
}
