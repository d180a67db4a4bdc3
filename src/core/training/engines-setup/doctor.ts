import { existsSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { DoctorCheck, DoctorReport } from '../../../shared/contract/training-engines';
import type { EngineId } from '../../../shared/contract/training-params';
import { ENGINES, MODELS, modelParams, TENSORBOARD, WHERE, type ModelSpec } from '../registry';
import { NVIDIA_SMI_ARGS, parseNvidiaSmi, type GpuInfo } from './nvidia-smi';
import { parseProbe, pythonInRange, PROBE_SCRIPT } from './probe';
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

const GB = 1024 ** 3;

/** Checks that an engine can train, each failure with its fix. Never throws for a broken setup: that is the report. */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const pin = ENGINES[input.engine];
  const models = MODELS.filter((m) => m.engine === input.engine);
  const checks: DoctorCheck[] = [];
  const add = (id: string, title: string, status: DoctorCheck['status'], detail: string, fix: string | null = null) =>
    checks.push({ id, title, status, detail, fix });
  const env = engineEnv(input.env ?? process.env);
  const installHint = `Use "Install engine" to clone ${pin.repo} at ${pin.commit.slice(0, 7)} with its own venv, or point the engine settings at an existing checkout.`;

  // 1. The folder holds the engine's scripts.
  const folderOk = !!input.path && existsSync(input.path);
  if (!input.path) add('folder', 'Engine folder', 'fail', `No folder is set for ${pin.title}.`, installHint);
  else if (!folderOk) add('folder', 'Engine folder', 'fail', `${input.path} does not exist.`, installHint);
  else {
    const scripts = [...new Set(models.flatMap((m) => Object.values(m.scripts)))];
    const missing = scripts.filter((s) => !existsSync(join(input.path!, s)));
    if (missing.length) {
      add('folder', 'Engine folder', 'fail', `${input.path} lacks ${missing.join(', ')}: it is not ${pin.title}, or a version without these models.`, installHint);
    } else add('folder', 'Engine folder', 'ok', `${input.path} has the scripts of ${models.map((m) => m.type).join(', ')}.`);
  }

  // 2. The checkout is the pinned commit (the flags Atelier emits were checked against it).
  if (folderOk) {
    const top = await execa('git', ['-C', input.path!, 'rev-parse', '--show-toplevel', 'HEAD'], { reject: false, env, timeout: 15_000 });
    const [root, head] = top.exitCode === 0 ? String(top.stdout).split(/\r?\n/) : [];
    if (!root || !head || !samePath(root, input.path!)) {
      add('commit', 'Engine version', 'warn', `${input.path} is not a git checkout, so its version is unknown.`, `Atelier's settings were checked against ${pin.repo} ${pin.commit.slice(0, 7)}. ${installHint}`);
    } else if (head !== pin.commit) {
      add('commit', 'Engine version', 'warn', `The checkout is at ${head.slice(0, 7)}; Atelier's settings were checked against ${pin.commit.slice(0, 7)}.`, `In ${input.path}: git fetch && git checkout ${pin.commit} (then reinstall its requirements).`);
    } else add('commit', 'Engine version', 'ok', `At the pinned commit ${pin.commit.slice(0, 7)}.`);
  }

  // 3–5. One Python run: version, imports, torch and CUDA.
  if (!input.python) {
    add('python', 'Python', 'fail', `No Python for ${pin.title}: none is configured and ${input.path ?? 'the engine folder'} has no venv/ or .venv/.`, installHint);
    add('imports', 'Engine imports', 'skipped', 'Needs Python.');
    add('torch', 'PyTorch and CUDA', 'skipped', 'Needs Python.');
  } else {
    const r = await execa(input.python, ['-c', PROBE_SCRIPT, ...pin.imports], {
      cwd: folderOk ? input.path! : undefined,
      reject: false,
      env,
      timeout: input.timeoutMs ?? 180_000,
    });
    const probe = parseProbe(String(r.stdout));
    if (!probe) {
      const why = r.timedOut ? 'timed out' : r.failed && 'code' in r && r.code === 'ENOENT' ? 'was not found' : `failed: ${lastLine(String(r.stderr)) || r.shortMessage}`;
      add('python', 'Python', 'fail', `${input.python} ${why}.`, `Set the engine's Python to the venv interpreter (e.g. ${join(input.path ?? '<engine>', 'venv', 'bin', 'python')}). ${installHint}`);
      add('imports', 'Engine imports', 'skipped', 'Needs a working Python.');
      add('torch', 'PyTorch and CUDA', 'skipped', 'Needs a working Python.');
    } else {
      if (pythonInRange(probe.python, pin.python.min, pin.python.maxExclusive)) add('python', 'Python', 'ok', `Python ${probe.python} (${probe.executable}).`);
      else add('python', 'Python', 'fail', `Python ${probe.python}; ${pin.title} needs >=${pin.python.min},<${pin.python.maxExclusive}.`, `Recreate the venv with Python 3.12: uv venv --python 3.12 ${join(input.path ?? '<engine>', 'venv')} (or reinstall the engine).`);

      const failed = Object.entries(probe.imports).filter(([, e]) => e !== null);
      if (!failed.length) add('imports', 'Engine imports', 'ok', `Imported ${Object.keys(probe.imports).join(', ')}.`);
      else add('imports', 'Engine imports', 'fail', failed.map(([m, e]) => `${m}: ${e}`).join('; '), importFix(input.engine, input.path, input.python, failed.map(([m]) => m)));

      const launcher = accelerateFor(input.python);
      if (!existsSync(launcher)) {
        add('accelerate', 'accelerate launcher', 'fail', `${launcher} is missing: training is started with \`accelerate launch\`.`, `${input.python} -m pip install accelerate (or reinstall the engine's requirements).`);
      } else add('accelerate', 'accelerate launcher', 'ok', launcher);

      if (!probe.torch) add('torch', 'PyTorch and CUDA', 'fail', `PyTorch is not importable (${probe.torchError ?? 'not installed'}).`, `Install PyTorch with CUDA: ${torchCommand(input.python)}`);
      else if (!probe.torch.cuda) {
        const cpuBuild = !probe.torch.cudaVersion;
        add('torch', 'PyTorch and CUDA', 'fail', cpuBuild ? `torch ${probe.torch.version} is a CPU-only build.` : `torch ${probe.torch.version} (CUDA ${probe.torch.cudaVersion}) sees no CUDA device.`,
          cpuBuild ? `Reinstall the CUDA build: ${torchCommand(input.python)}` : 'Update the NVIDIA driver to one supporting this CUDA version (check nvidia-smi), or install the torch build matching the driver (cu126 for older drivers).');
      } else {
        const devs = probe.torch.devices.map((d) => `${d.name} (${Math.round(d.memory / GB)} GB)`).join(', ');
        add('torch', 'PyTorch and CUDA', 'ok', `torch ${probe.torch.version}, CUDA ${probe.torch.cudaVersion}: ${devs || 'CUDA available'}.`);
      }
    }
  }

  // 6. The GPU, as the driver reports it.
  const gpus = await queryGpus(env);
  if (gpus === null) add('gpu', 'GPU', 'warn', 'nvidia-smi was not found or failed: no NVIDIA driver is visible.', 'Install the NVIDIA driver (it provides nvidia-smi); training needs an NVIDIA GPU.');
  else if (!gpus.length) add('gpu', 'GPU', 'warn', 'nvidia-smi lists no GPU.', 'Check that the GPU is installed and the driver loaded (nvidia-smi).');
  else add('gpu', 'GPU', 'ok', gpus.map((g) => `${g.name}: ${(g.memoryTotalMb / 1024).toFixed(0)} GB VRAM (${((g.memoryTotalMb - g.memoryUsedMb) / 1024).toFixed(1)} GB free), driver ${g.driver}`).join('; '));

  // 7. Free disk where runs write caches, checkpoints and states.
  try {
    const fs = statfsSync(input.diskDir);
    const free = fs.bavail * fs.bsize;
    const text = `${(free / GB).toFixed(1)} GB free at ${input.diskDir}.`;
    if (free < 5 * GB) add('disk', 'Disk space', 'fail', text, 'Free space on this disk, or move the Atelier data folder: caches and training states need tens of GB.');
    else if (free < 30 * GB) add('disk', 'Disk space', 'warn', text, 'Latent caches and resumable states of large models take tens of GB; free some space before long runs.');
    else add('disk', 'Disk space', 'ok', text);
  } catch (err) {
    add('disk', 'Disk space', 'warn', `Cannot read free space at ${input.diskDir}: ${(err as Error).message}`, null);
  }

  // 8. Every configured model file of this engine's models exists.
  const missing = configuredModelFiles(models, input.modelPaths).filter((f) => !existsSync(f.path));
  const configured = configuredModelFiles(models, input.modelPaths).length;
  if (!configured) add('models', 'Model files', 'warn', `No model files are set for ${models.map((m) => m.type).join(', ')}.`, `Set the DiT/checkpoint, VAE and text encoders in ${WHERE.modelFiles}.`);
  else if (missing.length) add('models', 'Model files', 'fail', missing.map((f) => `${f.label} (${f.where}): ${f.path} not found`).join('; '), `Correct these paths in ${WHERE.modelFiles}, or download the files to them.`);
  else add('models', 'Model files', 'ok', `${configured} configured model file(s) exist.`);

  return { engine: input.engine, ok: !checks.some((c) => c.status === 'fail'), checks, gpus: gpus ?? [] };
}

/** What to install for the modules that failed to import: the engine's requirements, and TensorBoard, which
 * musubi-tuner's requirements leave out. */
function importFix(engine: EngineId, path: string | null, python: string, failed: string[]): string {
  const fixes: string[] = [];
  if (failed.some((m) => m !== TENSORBOARD)) {
    const reqs = engine === 'musubi-tuner' ? `${python} -m pip install -e .` : `${python} -m pip install -r requirements.txt`;
    fixes.push(`Install the engine's requirements into its venv: in ${path ?? 'the engine folder'}, run ${reqs}${failed.includes('torch') ? ` after installing PyTorch (${torchCommand(python)})` : ''}.`);
  }
  if (failed.includes(TENSORBOARD)) {
    fixes.push(`Install TensorBoard, which every run logs to (the loss charts read its event files): ${python} -m pip install ${TENSORBOARD}`);
  }
  return fixes.join(' ');
}

function torchCommand(python: string): string {
  return `${python} -m pip install torch torchvision --index-url https://download.pytorch.org/whl/cu128`;
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
function configuredModelFiles(models: ModelSpec[], paths: ModelPaths): { label: string; where: string; path: string }[] {
  const seen = new Map<string, { label: string; where: string; path: string }>();
  for (const m of models) {
    for (const p of modelParams(m)) {
      if (!p.path) continue;
      const where = p.path.scope === 'family' ? `${m.family} family` : m.type;
      const v = p.path.scope === 'family' ? paths.families[m.family as keyof ModelPaths['families']]?.[p.key] : paths.models[m.type]?.[p.key];
      if (v && !seen.has(`${where}:${p.key}`)) seen.set(`${where}:${p.key}`, { label: p.label, where, path: v });
    }
  }
  return [...seen.values()];
}
