import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { EngineStatus, ModelPathsView } from '../../shared/contract';
import { engineIds, type EngineId } from '../../shared/contract/training-params';
import type { CoreContext, HandlerSet } from '../app/context';
import { enginePython, runDoctor, TrainingSettings, type InstallJobParams, type InstallJobState } from './engines-setup';
import { cacheRoot, EXPORT_REPEATS, planFor } from './plan';
import { EXPORT_JOB, type KohyaExportParams } from '../export';
import { ENGINES, FAMILIES, formParams, getModel, MODELS, modelParams, modelSummary, type FamilyId } from './registry';
import { Supervisor } from './supervisor';
import { INSTALL_JOB } from './jobs';

export type TrainingMethod =
  | 'training.models' | 'training.schema' | 'training.modelPaths' | 'training.setModelPaths' | 'training.plan' | 'training.enqueue'
  | 'training.runs' | 'training.run' | 'training.stop' | 'training.resume' | 'training.cancel' | 'training.reorder'
  | 'training.logs' | 'training.metrics' | 'training.checkpoints' | 'training.sample'
  | 'training.engines' | 'training.setEngine' | 'training.doctor' | 'training.install' | 'training.installLog';

const SAMPLE_MAX_BYTES = 32 * 1024 * 1024;

export interface TrainingOptions {
  /** Re-attach to runs left going and start the queue (hosts do; one-shot CLI reads do not). */
  start: boolean;
}

function engineStatus(settings: TrainingSettings, id: EngineId): EngineStatus {
  const s = settings.engine(id);
  const pin = ENGINES[id];
  return { id, title: pin.title, repo: pin.repo, pinnedCommit: pin.commit, path: s.path, python: s.python, resolvedPython: enginePython(s) };
}

function modelPathsView(settings: TrainingSettings): ModelPathsView {
  const paths = settings.modelPaths();
  const field = (p: ReturnType<typeof modelParams>[number]) => ({ key: p.key, label: p.label, help: p.help, kind: p.path!.kind, required: p.required });
  const families = (Object.keys(FAMILIES) as FamilyId[]).map((id) => {
    const fields = new Map<string, ReturnType<typeof field>>();
    for (const m of MODELS.filter((x) => x.family === id)) for (const p of modelParams(m)) if (p.path?.scope === 'family' && !fields.has(p.key)) fields.set(p.key, field(p));
    return { id, title: FAMILIES[id], fields: [...fields.values()], values: paths.families[id] ?? {} };
  });
  const models = MODELS.map((m) => ({
    type: m.type,
    title: m.title,
    family: m.family,
    fields: modelParams(m).filter((p) => p.path?.scope === 'model').map(field),
    values: paths.models[m.type] ?? {},
  }));
  return { families: families.filter((f) => f.fields.length), models };
}

/** The training calls: the model registry and planner, the supervisor's queue and runs, engine setup. */
export function trainingHandlers(core: CoreContext, opts: TrainingOptions): HandlerSet<TrainingMethod> {
  const settings = new TrainingSettings(core.db);
  const supervisor = new Supervisor({ db: core.db, bus: core.bus, dataDir: core.dataDir });
  if (opts.start) supervisor.start();
  core.onClose(() => supervisor.close());
  const planCtx = { dataDir: core.dataDir, db: core.db, datasets: core.datasets, items: core.items, settings };

  return {
    'training.models': () => MODELS.map(modelSummary),
    'training.schema': ({ modelType }) => {
      const spec = getModel(modelType);
      return {
        model: modelSummary(spec),
        params: formParams(spec),
        presetValues: Object.fromEntries(spec.presets.map((p) => [p.id, p.values])),
        memoryPresetValues: Object.fromEntries(Object.values(spec.memoryPresets).map((p) => [p.id, p.values])),
        saved: { ...settings.lastValues(modelType), ...settings.pathsFor(spec) },
      };
    },
    'training.modelPaths': () => modelPathsView(settings),
    'training.setModelPaths': ({ families, models }) => {
      for (const [f, vals] of Object.entries(families)) {
        const known = new Set(MODELS.filter((m) => m.family === f).flatMap((m) => modelParams(m).filter((p) => p.path?.scope === 'family').map((p) => p.key)));
        if (!known.size) throw new AppError('INVALID_INPUT', `There is no model family "${f}". Families: ${Object.keys(FAMILIES).join(', ')}.`);
        for (const k of Object.keys(vals)) if (!known.has(k)) throw new AppError('INVALID_INPUT', `The ${f} family has no shared model path "${k}". Paths: ${[...known].join(', ')}.`);
      }
      for (const [type, vals] of Object.entries(models)) {
        const known = new Set(modelParams(getModel(type)).filter((p) => p.path?.scope === 'model').map((p) => p.key));
        for (const k of Object.keys(vals)) if (!known.has(k)) throw new AppError('INVALID_INPUT', `${type} has no own model path "${k}". Paths: ${[...known].join(', ')} (shared ones are set on its family).`);
      }
      settings.setModelPaths({ families: families as never, models });
      return modelPathsView(settings);
    },
    'training.plan': (input) => planFor(planCtx, input),
    'training.enqueue': async (input) => {
      const r = planFor(planCtx, input);
      const errors = r.issues.filter((i) => i.severity === 'error');
      if (errors.length) {
        throw new AppError('INVALID_INPUT', `The run cannot start: ${errors.map((e) => e.message).join(' ')}`, { issues: r.issues });
      }
      // Claimed now, before any await: a run planned meanwhile picks another folder.
      mkdirSync(r.runDir, { recursive: true });
      // The dataset is exported into the run's folder first (the export job: copies, captions, control pairs).
      const params: KohyaExportParams = { datasetId: input.datasetId, outDir: r.exportDir, repeats: EXPORT_REPEATS, name: r.conceptName };
      const job = await core.jobs.wait(core.jobs.create(EXPORT_JOB, `Export "${r.plan.title}" for training`, params, input.datasetId).id);
      if (job.status !== 'done') throw new AppError(job.error?.code ?? 'IO', `The dataset could not be exported for training: ${job.error?.message ?? job.status}`);
      settings.rememberValues(input.modelType, r.values);
      const run = supervisor.enqueue(r.plan);
      // The least recently used cache folders go, never those of queued, running or resumable runs.
      supervisor.evictCaches(cacheRoot(core.dataDir));
      return run;
    },
    'training.runs': ({ limit }) => supervisor.list({ limit }),
    'training.run': ({ runId }) => supervisor.get(runId),
    'training.stop': ({ runId, mode }) => supervisor.stop(runId, mode),
    'training.resume': ({ runId }) => supervisor.resume(runId),
    'training.cancel': ({ runId }) => supervisor.cancel(runId),
    'training.reorder': ({ runIds }) => supervisor.reorder(runIds),
    'training.logs': ({ runId, tail }) => ({ lines: supervisor.logs(runId, tail) }),
    'training.metrics': ({ runId, tags, sinceStep, maxPoints }) => ({ series: supervisor.metrics(runId, { tags, sinceStep, maxPoints }) }),
    'training.checkpoints': ({ runId }) => supervisor.artifacts(runId),
    'training.sample': ({ runId, path }) => {
      // Only a sample the supervisor recorded for this run is served: never an arbitrary path.
      const a = supervisor.artifacts(runId).find((x) => x.path === path && x.kind === 'sample');
      if (!a || !existsSync(path)) throw new AppError('NOT_FOUND', `Run ${runId} has no sample ${path}.`);
      if (statSync(path).size > SAMPLE_MAX_BYTES) throw new AppError('UNSUPPORTED', `The sample ${path} is too large to show here; open it from the run folder.`);
      const ext = extname(path).toLowerCase();
      return { mime: ext === '.png' ? 'image/png' : ext === '.webp' ? 'image/webp' : ext === '.mp4' ? 'video/mp4' : 'image/jpeg', base64: readFileSync(path).toString('base64') };
    },
    'training.engines': () => engineIds.map((id) => engineStatus(settings, id)),
    'training.setEngine': ({ engine, path, python }) => {
      settings.setEngine(engine, { ...(path !== undefined ? { path } : {}), ...(python !== undefined ? { python } : {}) });
      return engineStatus(settings, engine);
    },
    'training.doctor': ({ engine }) => {
      const s = settings.engine(engine);
      return runDoctor({ engine, path: s.path, python: enginePython(s), modelPaths: settings.modelPaths(), diskDir: core.dataDir });
    },
    'training.install': (input) => {
      const params: InstallJobParams = { ...input, logPath: join(core.dataDir, 'training', 'logs', `install-${input.engine}-${Date.now()}.log`) };
      return { jobId: core.jobs.create(INSTALL_JOB, `Install ${ENGINES[input.engine].title}`, params).id };
    },
    'training.installLog': ({ jobId, tail }) => {
      const job = core.db.prepare('SELECT kind, params, state FROM jobs WHERE id = ?').get(jobId) as { kind: string; params: string; state: string } | undefined;
      if (!job || job.kind !== INSTALL_JOB) throw new AppError('NOT_FOUND', `Job ${jobId} is not an engine install.`);
      const path = (JSON.parse(job.params) as InstallJobParams).logPath;
      const lines = existsSync(path) ? readFileSync(path, 'utf8').split(/\r?\n/) : [];
      if (lines.at(-1) === '') lines.pop();
      const state = JSON.parse(job.state || '{}') as Partial<InstallJobState>;
      return { path, lines: lines.slice(-tail), stages: state.stages ?? [] };
    },
  };
}
