import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset, ItemSummary } from '../../../shared/contract';
import type { CauseDetails, PlanIssueCode } from '../../../shared/contract/training-issues';
import type { ParamValues } from '../../../shared/contract/training-params';
import { checkValues, ENGINES, MODELS, modelParams, WHERE, type ModelSpec, type PlanIssue } from '../registry';

export interface PreflightFacts {
  spec: ModelSpec;
  values: ParamValues;
  dataset: Dataset;
  items: ItemSummary[];
  enginePath: string | null;
  python: string | null;
  accelerate: string | null;
  /** The export's concept name: what items without caption or tags train on. */
  conceptName: string;
}

/** A model file the values name that is not on disk: the message names the file and says where to fix it (shared
 * with the check right before each launch). */
export function missingModelFile(label: string, path: string): string {
  return `${label} not found: ${path}. Correct it in ${WHERE.modelFiles}.`;
}

/** The engine folder is gone (shared with the check right before each launch). */
export function missingEngineFolder(engine: string, path: string): string {
  return `The ${engine} folder ${path} does not exist: correct it in ${WHERE.engines}.`;
}

/** Everything that would make the run fail, found before launch, each with what to change. */
export function preflight(f: PreflightFacts): PlanIssue[] {
  const { spec, values } = f;
  const issues: PlanIssue[] = [];
  const add = (severity: PlanIssue['severity']) => (code: PlanIssueCode, message: string, details?: CauseDetails, key?: string) =>
    issues.push({ severity, code, message, ...(details ? { details } : {}), ...(key ? { key } : {}) });
  const err = add('error');
  const warn = add('warning');
  const engine = ENGINES[spec.engine].title;

  // The engine.
  if (!f.enginePath) err('engine_not_set', `${engine} is not set up: set its folder in ${WHERE.engines}, or use Install engine.`, { engine });
  else if (!existsSync(f.enginePath)) err('engine_folder_missing', missingEngineFolder(engine, f.enginePath), { engine, path: f.enginePath });
  else {
    for (const s of Object.values(spec.scripts)) {
      if (!existsSync(join(f.enginePath, s))) {
        err('engine_script_missing', `${s} is missing from ${f.enginePath}: this ${engine} checkout predates ${spec.title}; update it to the pinned commit (Install engine).`, { engine, script: s, folder: f.enginePath, model: spec.title });
      }
    }
  }
  if (f.enginePath && !f.python) err('python_not_set', `${engine} has no Python: set the venv interpreter in ${WHERE.engines} (or create a venv/ in the engine folder).`, { engine });
  else if (f.python && !existsSync(f.python)) err('python_missing', `The ${engine} Python ${f.python} does not exist: correct it in ${WHERE.engines}.`, { engine, python: f.python });
  else if (f.accelerate && !existsSync(f.accelerate)) {
    err('accelerate_missing', `accelerate is not installed next to ${f.python} (${f.accelerate} is missing): run ${f.python} -m pip install accelerate, or reinstall the engine's requirements.`, { python: f.python, accelerate: f.accelerate });
  }

  // The dataset.
  const dataset = f.dataset.name;
  if (!spec.datasetKinds.includes(f.dataset.kind)) {
    const fits = MODELS.filter((m) => m.datasetKinds.includes(f.dataset.kind)).map((m) => m.type);
    err(
      'dataset_kind',
      `${spec.title} trains on ${spec.datasetKinds.join(' or ')} datasets; "${dataset}" is a ${f.dataset.kind} dataset.${fits.length ? ` Models for it: ${fits.join(', ')}.` : ''}`,
      { model: spec.title, kinds: spec.datasetKinds, dataset, kind: f.dataset.kind, fits },
    );
  }
  const ready = f.items.filter((i) => i.status === 'ready');
  const targets = ready.filter((i) => i.role === 'target');
  const controls = ready.filter((i) => i.role === 'control');
  if (!targets.length) err('no_items', `"${dataset}" has no ready ${spec.video ? 'images or videos' : 'images'} to train on.`, { dataset, video: spec.video });
  if (spec.needsControl && targets.length && !controls.length) {
    err('no_controls', `${spec.title} learns from (target, control) pairs, but "${dataset}" has no control images: add them as the control side of each pair.`, { model: spec.title, dataset });
  }
  // The export writes the caption, else the tags, else the concept name.
  const bare = targets.filter((i) => !i.caption?.trim() && i.tagCount === 0).length;
  if (bare) {
    warn('bare_items', `${bare} of ${targets.length} training ${targets.length === 1 ? 'item has' : 'items have'} neither caption nor tags and will train on the prompt "${f.conceptName}".`, { bare, total: targets.length, prompt: f.conceptName });
  }
  const skipped = f.items.length - ready.length;
  if (skipped) warn('items_not_ready', `${skipped} item(s) are not ready (errors or still processing) and are left out.`, { count: skipped });

  // The values: types, ranges, required fields, the engine's own rules.
  issues.push(...checkValues(spec, values));
  for (const p of modelParams(spec)) {
    const v = values[p.key];
    if (p.path && typeof v === 'string' && v && !existsSync(v)) err('model_file_missing', missingModelFile(p.label, v), { path: v }, p.key);
  }
  if (spec.video && Array.isArray(values.target_frames)) {
    for (const n of values.target_frames as number[]) {
      const down = n - ((n - 1) % 4);
      if ((n - 1) % 4 !== 0) err('target_frames', `Frame counts must be N*4+1 (1, 5, 9 … 81); ${n} is not: use ${down} or ${down + 4}.`, { frames: n, down, up: down + 4 }, 'target_frames');
    }
  }
  if (values.max_train_epochs == null && values.max_train_steps == null) err('no_length', 'Set the number of epochs or of steps.', undefined, 'max_train_epochs');
  if (typeof values.output_name === 'string' && /[\\/:*?"<>|\0]/.test(values.output_name)) {
    err('output_name_chars', 'The LoRA name is a file name: leave out \\ / : * ? " < > |.', undefined, 'output_name');
  }
  if (values.save_state !== true) warn('no_save_state', 'Without "Save resumable state" a stopped run cannot be resumed; it can only start over.', undefined, 'save_state');
  if (typeof values.sample_prompts === 'string' && values.sample_prompts.trim() && values.sample_every_n_epochs == null && values.sample_every_n_steps == null && values.sample_at_first !== true) {
    warn('no_sample_interval', 'Sample prompts are set but no sampling interval: no samples will be rendered.', undefined, 'sample_every_n_epochs');
  }
  return issues;
}
