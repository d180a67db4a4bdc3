import { useEffect, useMemo, useRef, useState } from 'react';
import { Accordion, Alert, Button, Code, CopyButton, Group, Paper, ScrollArea, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { commandLine, envLines, paramGroups, shellFor, stepsScript, type ModelSchema, type ModelSummary, type ParamSpec, type ParamValues, type PlanIssueShape, type PlanResult } from '../../../shared/contract';
import { attempt, notifyDone, notifyError } from '../../app/notify';
import { useApp, useStudio } from '../../app/studio-context';
import { useLang, useStrings } from '../../i18n';
import { trainingStrings } from './i18n';
import { GROUP_LABELS } from './param-i18n';
import { fieldError } from './param-values';
import { ParamField } from './ParamField';
import { FieldIssue, PreflightIssues } from './PreflightIssues';
import type { TrainingStore } from './training-store';

const PLAN_DELAY_MS = 350;

/** Configure a run: dataset and model type, presets, the generated form, pre-flight and every command. */
export function NewRun({ store }: { store: TrainingStore }) {
  const { conn } = useStudio();
  const t = useStrings(trainingStrings);
  const lang = useLang();
  const datasets = useApp((s) => s.datasets);
  const openDataset = useApp((s) => s.datasetId);
  // The commands are for the machine the engines run on.
  const shell = shellFor(useApp((s) => s.info?.platform));
  const [datasetId, setDatasetId] = useState<number | null>(openDataset);
  const [models, setModels] = useState<ModelSummary[]>([]);
  const [modelType, setModelType] = useState<string | null>(null);
  const [schema, setSchema] = useState<ModelSchema | null>(null);
  const [values, setValues] = useState<ParamValues>({});
  const [preset, setPreset] = useState('standard');
  const [memory, setMemory] = useState('none');
  const [gpu, setGpu] = useState('0');
  const [plan, setPlan] = useState<PlanResult | null>(null);
  const [planning, setPlanning] = useState(false);
  const [starting, setStarting] = useState(false);
  const seq = useRef(0);
  const dataset = datasets.find((d) => d.id === datasetId) ?? null;

  useEffect(() => {
    void attempt(() => conn.client.call('training.models', {})).then((m) => m && setModels(m));
  }, [conn]);
  useEffect(() => {
    if (datasetId === null && openDataset !== null) setDatasetId(openDataset);
  }, [openDataset, datasetId]);

  useEffect(() => {
    if (!modelType) return;
    let live = true;
    void attempt(() => conn.client.call('training.schema', { modelType })).then((s) => {
      if (!s || !live) return;
      setSchema(s);
      setValues({ ...Object.fromEntries(s.params.map((p) => [p.key, p.default])), ...s.saved, output_name: null });
      setPreset('standard');
      setMemory('none');
    });
    return () => {
      live = false;
    };
  }, [conn, modelType]);

  // The LoRA is named after the dataset until the user names it.
  const datasetName = dataset?.name ?? null;
  useEffect(() => {
    if (schema && datasetName) setValues((prev) => (prev.output_name ? prev : { ...prev, output_name: loraName(datasetName) }));
  }, [schema, datasetName]);

  // The plan (commands, files, pre-flight) follows every change, a moment after typing stops.
  useEffect(() => {
    if (!schema || datasetId === null) return;
    const mine = ++seq.current;
    setPlanning(true);
    const timer = setTimeout(() => {
      conn.client
        .call('training.plan', { datasetId, modelType: schema.model.type, values, gpu: validGpu(gpu) })
        .then((r) => mine === seq.current && setPlan(r))
        .catch((err: unknown) => {
          if (mine !== seq.current) return;
          setPlan(null);
          notifyError(err);
        })
        .finally(() => mine === seq.current && setPlanning(false));
    }, PLAN_DELAY_MS);
    return () => clearTimeout(timer);
  }, [conn, schema, datasetId, values, gpu]);

  const set = (key: string, v: ParamValues[string]) => setValues((prev) => ({ ...prev, [key]: v }));
  const applyPreset = (id: string) => {
    setPreset(id);
    if (schema) setValues((prev) => ({ ...prev, ...schema.presetValues[id] }));
  };
  const applyMemory = (id: string) => {
    setMemory(id);
    if (schema && id !== 'none') setValues((prev) => ({ ...prev, ...schema.memoryPresetValues[id] }));
  };
  const savePath = (p: ParamSpec) => {
    if (!schema || !p.path) return;
    const v = typeof values[p.key] === 'string' ? (values[p.key] as string) : '';
    const patch = p.path.scope === 'family' ? { families: { [schema.model.family]: { [p.key]: v } } } : { models: { [schema.model.type]: { [p.key]: v } } };
    void attempt(() => conn.client.call('training.setModelPaths', patch));
  };

  const issuesByKey = useMemo(() => {
    const m = new Map<string, PlanIssueShape>();
    for (const i of plan?.issues ?? []) if (i.key && i.severity === 'error' && !m.has(i.key)) m.set(i.key, i);
    return m;
  }, [plan]);
  const localErrors = schema ? schema.params.filter((p) => fieldError(p, values[p.key], t.invalid, String) !== null).length : 0;
  const errors = (plan?.issues.filter((i) => i.severity === 'error').length ?? 0) + localErrors + (validGpu(gpu) === undefined ? 1 : 0);

  const start = async () => {
    if (!schema || datasetId === null) return;
    setStarting(true);
    try {
      const run = await attempt(() => conn.client.call('training.enqueue', { datasetId, modelType: schema.model.type, values, gpu: validGpu(gpu) }));
      if (run) {
        notifyDone(t.queued(run.id));
        store.getState().upsert(run);
        store.getState().select(run.id);
        store.getState().setTab('runs');
      }
    } finally {
      setStarting(false);
    }
  };

  const modelOptions = models.map((m) => ({
    value: m.type,
    label: dataset && !m.datasetKinds.includes(dataset.kind) ? `${m.title} (${t.notForDataset})` : m.title,
  }));

  return (
    <div className="training-new" data-testid="training-new">
      <Stack gap="sm" className="training-form">
        <Paper withBorder p="sm" radius="md">
          <SimpleGrid cols={2} spacing="sm">
            <Select
              label={t.dataset}
              placeholder={t.chooseDataset}
              data={datasets.map((d) => ({ value: String(d.id), label: d.name }))}
              value={datasetId === null ? null : String(datasetId)}
              onChange={(v) => setDatasetId(v ? Number(v) : null)}
              data-testid="training-dataset"
              translate="no"
            />
            <Select label={t.model} placeholder={t.chooseModel} data={modelOptions} value={modelType} onChange={setModelType} data-testid="training-model" />
          </SimpleGrid>
          {schema && (
            <Group mt="sm" gap="lg" align="flex-end">
              <div>
                <Text size="xs" fw={500} mb={4}>
                  {t.preset}
                </Text>
                <SegmentedControl size="xs" value={preset} onChange={applyPreset} data={schema.model.presets.map((p) => ({ value: p.id, label: presetLabel(p.id, p.label, lang) }))} data-testid="training-preset" />
              </div>
              <div>
                <Text size="xs" fw={500} mb={4}>
                  {t.memory}
                </Text>
                <SegmentedControl
                  size="xs"
                  value={memory}
                  onChange={applyMemory}
                  data={[{ value: 'none', label: t.memoryNone }, ...schema.model.memoryPresets.map((p) => ({ value: p.id, label: memoryLabel(p.id, p.label, lang) }))]}
                  data-testid="training-memory"
                />
              </div>
              <Tooltip label={t.gpuHint} multiline w={300}>
                <TextInput size="xs" w={80} label={t.gpu} value={gpu} onChange={(e) => setGpu(e.currentTarget.value)} error={validGpu(gpu) === undefined ? ' ' : undefined} translate="no" data-testid="training-gpu" />
              </Tooltip>
            </Group>
          )}
        </Paper>
        {schema && (
          <ScrollArea className="training-fields" type="auto">
            <Accordion multiple defaultValue={['paths', 'dataset', 'basic']} variant="separated" radius="md">
              {paramGroups.map((g) => {
                const params = schema.params.filter((p) => p.group === g);
                if (!params.length) return null;
                const bad = params.filter((p) => fieldError(p, values[p.key], t.invalid, String) !== null || issuesByKey.has(p.key)).length;
                return (
                  <Accordion.Item key={g} value={g} data-testid={`group-${g}`}>
                    <Accordion.Control>
                      <Group gap="xs">
                        <span>{GROUP_LABELS[lang][g]}</span>
                        {bad > 0 && <span className="group-bad">{bad}</span>}
                      </Group>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
                        {params.map((p) => (
                          <div key={p.key} className={p.widget === 'textarea' || p.widget === 'kv-list' ? 'span-2' : undefined}>
                            <ParamField p={p} value={values[p.key]} onChange={(v) => set(p.key, v)} issue={fieldIssue(issuesByKey.get(p.key))} onCommit={p.path ? () => savePath(p) : undefined} />
                          </div>
                        ))}
                      </SimpleGrid>
                    </Accordion.Panel>
                  </Accordion.Item>
                );
              })}
            </Accordion>
          </ScrollArea>
        )}
      </Stack>
      <Stack gap="sm" className="training-plan">
        <Paper withBorder p="sm" radius="md" data-testid="preflight">
          <Group justify="space-between" mb={6}>
            <Title order={6}>{t.preflight}</Title>
            {planning && (
              <Text size="xs" c="dimmed">
                {t.planning}
              </Text>
            )}
          </Group>
          {plan && errors === 0 && (
            <Text size="sm" c="teal" data-testid="preflight-ok">
              {t.preflightOk}
            </Text>
          )}
          <Stack gap={4}>{plan && <PreflightIssues issues={plan.issues} params={schema?.params ?? []} />}</Stack>
          <Button mt="sm" fullWidth onClick={() => void start()} loading={starting} disabled={!plan || errors > 0} data-testid="training-start">
            {errors > 0 ? t.fixErrors(errors) : t.start}
          </Button>
        </Paper>
        {plan && (
          <Paper withBorder p="sm" radius="md" className="training-commands" data-testid="command-preview">
            <Group justify="space-between" mb={4}>
              <Title order={6}>{t.commands}</Title>
              <CopyButton value={stepsScript(plan.plan.steps, plan.unsetEnv, shell)}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="default" onClick={copy} data-testid="copy-all">
                    {copied ? t.copied : t.copyAll}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed" mb="xs">
              {t.commandsHint}
            </Text>
            <Stack gap="xs">
              {sharedEnv(plan) && (
                <div data-testid="command-env">
                  <Text size="xs" fw={600}>
                    {t.environment}
                  </Text>
                  <Code block className="command" translate="no">
                    {envLines(plan.plan.steps[0]!.env, plan.unsetEnv, shell).join('\n')}
                  </Code>
                </div>
              )}
              {plan.plan.steps.map((s) => (
                <div key={s.name} data-testid={`command-${s.name}`}>
                  <Group justify="space-between" gap={4}>
                    <Text size="xs" fw={600}>
                      {t.stepNames[s.name as keyof typeof t.stepNames] ?? s.name}
                    </Text>
                    <CopyButton value={stepsScript([s], plan.unsetEnv, shell)}>
                      {({ copied, copy }) => (
                        <Button size="compact-xs" variant="subtle" onClick={copy}>
                          {copied ? t.copied : t.copy}
                        </Button>
                      )}
                    </CopyButton>
                  </Group>
                  <Code block className="command" translate="no">
                    {[...(sharedEnv(plan) ? [] : envLines(s.env, plan.unsetEnv, shell)), commandLine(s.argv, shell)].join('\n')}
                  </Code>
                </div>
              ))}
              <Text size="xs" fw={600} mt={4}>
                {t.files}
              </Text>
              <Accordion variant="contained" chevronPosition="left">
                {Object.entries(plan.plan.files).map(([path, text]) => (
                  <Accordion.Item key={path} value={path}>
                    <Accordion.Control>
                      <Text size="xs" translate="no">
                        {path.startsWith(plan.runDir) ? path.slice(plan.runDir.length + 1) : path}
                      </Text>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <Code block translate="no">
                        {text}
                      </Code>
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            </Stack>
          </Paper>
        )}
      </Stack>
    </div>
  );
}

function fieldIssue(issue: PlanIssueShape | undefined) {
  return issue ? <FieldIssue issue={issue} /> : undefined;
}

/** Every step runs with the same environment: it is shown once, above the commands. */
function sharedEnv(plan: PlanResult): boolean {
  const first = JSON.stringify(plan.plan.steps[0]?.env ?? {});
  return plan.plan.steps.every((s) => JSON.stringify(s.env) === first);
}

/** The GPU field as the contract takes it (device numbers), or undefined while it is not one (the default applies). */
function validGpu(text: string): string | undefined {
  const t = text.replace(/\s+/g, '');
  return /^[0-9]+(,[0-9]+)*$/.test(t) ? t : undefined;
}

/** A file-name-safe LoRA name from a dataset name. */
function loraName(name: string): string {
  return name.normalize('NFKC').replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '') || 'lora';
}

const PRESET_ZH: Record<string, string> = { standard: '标准', quick: '快速试训', thorough: '精细' };
function presetLabel(id: string, label: string, lang: string): string {
  return lang === 'zh-CN' ? (PRESET_ZH[id] ?? label) : label;
}

const MEMORY_ZH: Record<string, string> = { low: '低显存', medium: '中显存', high: '高显存' };
/** "Low VRAM (12 GB)" → "低显存（12 GB）". */
function memoryLabel(id: string, label: string, lang: string): string {
  if (lang !== 'zh-CN') return label;
  const size = /\(([^)]+)\)/.exec(label)?.[1];
  return `${MEMORY_ZH[id] ?? id}${size ? `（${size}）` : ''}`;
}
