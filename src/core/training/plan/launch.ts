import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { RunError } from '../../../shared/contract';
import { stepNames, type StepName } from '../../../shared/contract/training-params';
import { ENGINES, MODELS, modelParams, WHERE } from '../registry';
import type { RunPlan, RunStep } from '../supervisor/types';
import { dropIncompleteCacheFiles, reuseCachedItems } from './cache-reuse';
import { missingEngineFolder, missingModelFile } from './preflight';

/** What the supervisor does right before it launches a step: the pre-flight checks again, then, for a cache step,
 * the cache files an interrupted step cut short removed, and the files of unchanged items linked in from earlier
 * runs' cache folders. Returns the error that ends the run instead, or null. */
export function prepareLaunch(plan: RunPlan, step: RunStep): RunError | null {
  const blocked = launchPreflight(plan, step);
  if (blocked) return blocked;
  if (step.kind !== 'cache') return null;
  try {
    dropIncompleteCacheFiles(step);
    reuseCachedItems(step);
  } catch {
    // A folder that cannot be read or changed: the engine meets it as it is, and says so if it cannot use it.
  }
  return null;
}

/** The pre-flight checks whose answers can change while a run waits in the queue or between its launches: the
 * engine folder, its programs and scripts, and the model files the step reads. Called by the supervisor right before
 * each launch (resumes included), so a moved file fails as a pre-flight error with its fix, not as an engine crash
 * minutes later. Reads only the stored plan: null when the step can start. */
export function launchPreflight(plan: RunPlan, step: RunStep): RunError | null {
  const engine = ENGINES[plan.engine]?.title ?? plan.engine;
  const setup: string[] = [];
  const files: string[] = [];
  const details = { step: step.name, engine, engineFolder: null as string | null, programs: [] as string[], scripts: [] as string[], fileKeys: [] as string[], filePaths: [] as string[] };
  if (!existsSync(step.cwd)) {
    setup.push(missingEngineFolder(engine, step.cwd));
    details.engineFolder = step.cwd;
  } else {
    const program = step.argv[0]!;
    if (isAbsolute(program) && !existsSync(program)) {
      setup.push(`${program} no longer exists: set the ${engine} Python in ${WHERE.engines}, or reinstall the engine.`);
      details.programs.push(program);
    }
    // The engine script, and Atelier's launch shim in front of it.
    for (const script of step.argv.filter((a) => a.endsWith('.py') && isAbsolute(a) && !existsSync(a))) {
      setup.push(`${script} no longer exists: the ${engine} folder changed since the run was queued; Install engine puts the pinned commit back.`);
      details.scripts.push(script);
    }
  }
  for (const { key, label, path } of modelFilesOf(plan, step)) {
    if (existsSync(path)) continue;
    files.push(missingModelFile(label, path));
    details.fileKeys.push(key);
    details.filePaths.push(path);
  }
  if (!setup.length && !files.length) return null;
  const fixes = [
    ...(files.length ? [`Put the model files back where they were, or correct the paths in ${WHERE.modelFiles} and queue the run again.`] : []),
    ...(setup.length ? [`Correct the engine in ${WHERE.engines} (its doctor checks it), then start the run again.`] : []),
  ];
  return { kind: 'preflight', cause: 'preflight', details, title: `Pre-flight check failed before ${step.name}`, message: [...files, ...setup].join(' '), fix: fixes.join(' ') };
}

/** The model files a step's command names: the values of the model's path flags for that step. */
function modelFilesOf(plan: RunPlan, step: RunStep): { key: string; label: string; path: string }[] {
  const spec = MODELS.find((m) => m.type === plan.modelType);
  if (!spec || !(stepNames as readonly string[]).includes(step.name)) return [];
  const out: { key: string; label: string; path: string }[] = [];
  for (const p of modelParams(spec)) {
    if (!p.path) continue;
    for (const map of p.cli) {
      if (!map.steps.includes(step.name as StepName) || (map.engine && map.engine !== plan.engine)) continue;
      const at = step.argv.indexOf(map.flag);
      const path = at >= 0 ? step.argv[at + 1] : undefined;
      if (path) out.push({ key: p.key, label: p.label, path });
    }
  }
  return out;
}
