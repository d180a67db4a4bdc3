import { existsSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { DoctorReport } from '../../../shared/contract/training-engines';
import type { EngineId } from '../../../shared/contract/training-params';
import { ENGINES, MODELS, modelParams, type ModelSpec } from '../registry';
import { doctorChecks, type DoctorFacts, type ModelFile } from './doctor-checks';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi, type GpuInfo } from './nvidia-smi';
import { parseProbe, PROBE_SCRIPT } from './probe';
import { engineEnv } from './process-env';
import { accelerateFor, type ModelPaths } from './settings';

export interface DoctorInput {
  engine: EngineId;
  path: string | null;
  /** The interpreter runs would use (configured, or the venv found in the folder). */
  python: string | null;
  modelPaths: ModelPaths;
  /** Where runs write checkpoints and caches: its free space is checked. */
  diskDir: string;
  /** Base environment (PATH finds nvidia-smi); default process.env. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Checks that an engine can train, each failure with its fix. Never throws for a broken setup: that is the report. */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const pin = ENGINES[input.engine];
  const models = MODELS.filter((m) => m.engine === input.engine);
  const env = engineEnv(input.env ?? process.env);
  const folderExists = !!input.path && existsSync(input.path);
  const scripts = [...new Set(models.flatMap((m) => Object.values(m.scripts)))];

  let git: DoctorFacts['git'] = null;
  if (folderExists) {
    const top = await execa('git', ['-C', input.path!, 'rev-parse', '--show-toplevel', 'HEAD'], { reject: false, env, timeout: 15_000 });
    const [root, head] = top.exitCode === 0 ? String(top.stdout).split(/\r?\n/) : [];
    if (root && head) git = { root, head };
  }

  let probe: DoctorFacts['probe'];
  if (input.python) {
    const r = await execa(input.python, ['-c', PROBE_SCRIPT, ...pin.imports], { cwd: folderExists ? input.path! : undefined, reject: false, env, timeout: input.timeoutMs ?? 180_000 });
    const result = parseProbe(String(r.stdout));
    if (result) probe = { result };
    else if (r.timedOut) probe = { failure: 'timeout', error: '' };
    else if (r.failed && 'code' in r && r.code === 'ENOENT') probe = { failure: 'not_found', error: '' };
    else probe = { failure: 'error', error: lastLine(String(r.stderr)) || (r.shortMessage ?? '') };
  }
  const launcher = input.python ? accelerateFor(input.python) : null;

  const gpus = await queryGpus(env);
  let disk: DoctorFacts['disk'];
  try {
    const fs = statfsSync(input.diskDir);
    disk = { dir: input.diskDir, free: fs.bavail * fs.bsize };
  } catch (err) {
    disk = { dir: input.diskDir, error: (err as Error).message };
  }
  const modelFiles = configuredModelFiles(models, input.modelPaths);

  const checks = doctorChecks({
    engine: input.engine,
    path: input.path,
    folderExists,
    models: models.map((m) => m.type),
    missingScripts: folderExists ? scripts.filter((s) => !existsSync(join(input.path!, s))) : [],
    git,
    gitRootIsFolder: !!git && samePath(git.root, input.path!),
    python: input.python,
    probe,
    launcher: launcher ? { path: launcher, exists: existsSync(launcher) } : undefined,
    gpus,
    disk,
    modelFiles,
    missingFiles: modelFiles.filter((f) => !existsSync(f.path)),
  });
  return { engine: input.engine, ok: !checks.some((c) => c.status === 'fail'), checks, gpus: gpus ?? [] };
}

function lastLine(s: string): string {
  return s.trim().split(/\r?\n/).pop() ?? '';
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/[\\/]+$/, '').replace(/\\/g, '/');
  return process.platform === 'win32' ? norm(a).toLowerCase() === norm(b).toLowerCase() : norm(a) === norm(b);
}

async function queryGpus(env: NodeJS.ProcessEnv): Promise<GpuInfo[] | null> {
  const r = await execa('nvidia-smi', NVIDIA_SMI_ARGS, { reject: false, env, timeout: 15_000 });
  return r.exitCode === 0 ? parseNvidiaSmi(String(r.stdout)) : null;
}

/** The model files set in the global paths for these models (each file once). */
function configuredModelFiles(models: ModelSpec[], paths: ModelPaths): ModelFile[] {
  const seen = new Map<string, ModelFile>();
  for (const m of models) {
    for (const p of modelParams(m)) {
      if (!p.path) continue;
      const owner = p.path.scope === 'family' ? m.family : m.type;
      const v = p.path.scope === 'family' ? paths.families[m.family as keyof ModelPaths['families']]?.[p.key] : paths.models[m.type]?.[p.key];
      const id = `${p.path.scope}:${owner}:${p.key}`;
      if (v && !seen.has(id)) seen.set(id, { key: p.key, label: p.label, scope: p.path.scope, owner, path: v });
    }
  }
  return [...seen.values()];
}
