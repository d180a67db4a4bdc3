import { join } from 'node:path';
import type { CauseDetails, DoctorCheck, DoctorCheckCode, DoctorCheckId } from '../../../shared/contract';
import type { EngineId } from '../../../shared/contract/training-params';
import { ENGINES, TENSORBOARD, WHERE } from '../registry';
import type { GpuInfo } from './nvidia-smi';
import { pythonInRange, type ProbeResult } from './probe';

const GB = 1024 ** 3;

/** A configured model file: its parameter, whose path it is (a family's shared one, or a model's own), the path. */
export interface ModelFile {
  key: string;
  label: string;
  scope: 'family' | 'model';
  /** The family id or the model type. */
  owner: string;
  path: string;
}

/** What the doctor found on the machine, from which each check's verdict follows. */
export interface DoctorFacts {
  engine: EngineId;
  path: string | null;
  folderExists: boolean;
  /** The engine's model types, and the scripts of theirs missing from the folder. */
  models: string[];
  missingScripts: string[];
  /** The checkout's top folder and commit; null when the folder is not a git checkout (or git failed). */
  git: { root: string; head: string } | null;
  /** The checkout's root is the engine folder itself (not a parent repository's). */
  gitRootIsFolder: boolean;
  python: string | null;
  /** The probe's result, or why it gave none. Absent when there is no Python. */
  probe?: { result: ProbeResult } | { failure: 'timeout' | 'not_found' | 'error'; error: string };
  /** accelerate next to the interpreter. */
  launcher?: { path: string; exists: boolean };
  /** null: nvidia-smi did not run. */
  gpus: GpuInfo[] | null;
  disk: { dir: string; free: number } | { dir: string; error: string };
  modelFiles: ModelFile[];
  /** The configured model files that are not on disk. */
  missingFiles: ModelFile[];
}

/** Each check's verdict with its fix, in order: a pure function of what was found. */
export function doctorChecks(f: DoctorFacts): DoctorCheck[] {
  const pin = ENGINES[f.engine];
  const commit = pin.commit.slice(0, 7);
  const checks: DoctorCheck[] = [];
  const add = (id: DoctorCheckId, title: string, status: DoctorCheck['status'], code: DoctorCheckCode, details: CauseDetails, detail: string, fix: string | null = null) =>
    checks.push({ id, title, status, code, details, detail, fix });
  const install = { repo: pin.repo, commit };
  const installHint = `Use "Install engine" to clone ${pin.repo} at ${commit} with its own venv, or point the engine settings at an existing checkout.`;

  // 1. The folder holds the engine's scripts.
  const folder = 'Engine folder';
  if (!f.path) add('folder', folder, 'fail', 'folder_not_set', { engine: pin.title, ...install }, `No folder is set for ${pin.title}.`, installHint);
  else if (!f.folderExists) add('folder', folder, 'fail', 'folder_missing', { path: f.path, ...install }, `${f.path} does not exist.`, installHint);
  else if (f.missingScripts.length) {
    add('folder', folder, 'fail', 'folder_lacks_scripts', { path: f.path, scripts: f.missingScripts, engine: pin.title, ...install },
      `${f.path} lacks ${f.missingScripts.join(', ')}: it is not ${pin.title}, or a version without these models.`, installHint);
  } else add('folder', folder, 'ok', 'folder_ok', { path: f.path, models: f.models }, `${f.path} has the scripts of ${f.models.join(', ')}.`);

  // 2. The checkout is the pinned commit (the flags Atelier emits were checked against it).
  if (f.path && f.folderExists) {
    const version = 'Engine version';
    if (!f.git || !f.gitRootIsFolder) {
      add('commit', version, 'warn', 'commit_unknown', { path: f.path, ...install }, `${f.path} is not a git checkout, so its version is unknown.`, `Atelier's settings were checked against ${pin.repo} ${commit}. ${installHint}`);
    } else if (f.git.head !== pin.commit) {
      add('commit', version, 'warn', 'commit_other', { path: f.path, head: f.git.head.slice(0, 7), commit, fullCommit: pin.commit },
        `The checkout is at ${f.git.head.slice(0, 7)}; Atelier's settings were checked against ${commit}.`, `In ${f.path}: git fetch && git checkout ${pin.commit} (then reinstall its requirements).`);
    } else add('commit', version, 'ok', 'commit_ok', { commit }, `At the pinned commit ${commit}.`);
  }

  // 3–5. One Python run: version, imports, torch and CUDA.
  const needs = (working: boolean) => {
    const detail = working ? 'Needs a working Python.' : 'Needs Python.';
    add('imports', 'Engine imports', 'skipped', 'needs_python', { working }, detail);
    add('torch', 'PyTorch and CUDA', 'skipped', 'needs_python', { working }, detail);
  };
  if (!f.python || !f.probe) {
    add('python', 'Python', 'fail', 'python_not_set', { engine: pin.title, folder: f.path, ...install }, `No Python for ${pin.title}: none is configured and ${f.path ?? 'the engine folder'} has no venv/ or .venv/.`, installHint);
    needs(false);
  } else if ('failure' in f.probe) {
    const { failure, error } = f.probe;
    const why = failure === 'timeout' ? 'timed out' : failure === 'not_found' ? 'was not found' : `failed: ${error}`;
    const example = join(f.path ?? '<engine>', 'venv', 'bin', 'python');
    add('python', 'Python', 'fail', 'python_failed', { python: f.python, why: failure, error, example, ...install }, `${f.python} ${why}.`, `Set the engine's Python to the venv interpreter (e.g. ${example}). ${installHint}`);
    needs(true);
  } else {
    const probe = f.probe.result;
    const { min, maxExclusive: max } = pin.python;
    if (pythonInRange(probe.python, min, max)) add('python', 'Python', 'ok', 'python_ok', { version: probe.python, executable: probe.executable }, `Python ${probe.python} (${probe.executable}).`);
    else {
      const venv = join(f.path ?? '<engine>', 'venv');
      add('python', 'Python', 'fail', 'python_version', { version: probe.python, engine: pin.title, min, max, venv },
        `Python ${probe.python}; ${pin.title} needs >=${min},<${max}.`, `Recreate the venv with Python 3.12: uv venv --python 3.12 ${venv} (or reinstall the engine).`);
    }

    const failed = Object.entries(probe.imports).filter(([, e]) => e !== null);
    if (!failed.length) add('imports', 'Engine imports', 'ok', 'imports_ok', { modules: Object.keys(probe.imports) }, `Imported ${Object.keys(probe.imports).join(', ')}.`);
    else {
      const fix = importFix(f.engine, f.path, f.python, failed.map(([m]) => m));
      const failures = failed.map(([m, e]) => `${m}: ${e}`);
      add('imports', 'Engine imports', 'fail', 'imports_failed', { failures, folder: f.path, ...fix.details }, failures.join('; '), fix.text);
    }

    const launcher = f.launcher ?? { path: '', exists: false };
    if (!launcher.exists) {
      add('accelerate', 'accelerate launcher', 'fail', 'accelerate_missing', { launcher: launcher.path, python: f.python },
        `${launcher.path} is missing: training is started with \`accelerate launch\`.`, `${f.python} -m pip install accelerate (or reinstall the engine's requirements).`);
    } else add('accelerate', 'accelerate launcher', 'ok', 'accelerate_ok', { launcher: launcher.path }, launcher.path);

    const torch = 'PyTorch and CUDA';
    const command = torchCommand(f.python);
    if (!probe.torch) {
      const error = probe.torchError ?? 'not installed';
      add('torch', torch, 'fail', 'torch_missing', { error, command }, `PyTorch is not importable (${error}).`, `Install PyTorch with CUDA: ${command}`);
    } else if (!probe.torch.cuda && !probe.torch.cudaVersion) {
      add('torch', torch, 'fail', 'torch_cpu_build', { version: probe.torch.version, command }, `torch ${probe.torch.version} is a CPU-only build.`, `Reinstall the CUDA build: ${command}`);
    } else if (!probe.torch.cuda) {
      add('torch', torch, 'fail', 'torch_no_device', { version: probe.torch.version, cuda: probe.torch.cudaVersion }, `torch ${probe.torch.version} (CUDA ${probe.torch.cudaVersion}) sees no CUDA device.`,
        'Update the NVIDIA driver to one supporting this CUDA version (check nvidia-smi), or install the torch build matching the driver (cu126 for older drivers).');
    } else {
      const devs = probe.torch.devices;
      const names = devs.map((d) => d.name);
      const memoryGb = devs.map((d) => String(Math.round(d.memory / GB)));
      const list = devs.map((d, i) => `${d.name} (${memoryGb[i]} GB)`).join(', ');
      add('torch', torch, 'ok', 'torch_ok', { version: probe.torch.version, cuda: probe.torch.cudaVersion, names, memoryGb }, `torch ${probe.torch.version}, CUDA ${probe.torch.cudaVersion}: ${list || 'CUDA available'}.`);
    }
  }

  // 6. The GPU, as the driver reports it.
  if (f.gpus === null) add('gpu', 'GPU', 'warn', 'gpu_no_driver', {}, 'nvidia-smi was not found or failed: no NVIDIA driver is visible.', 'Install the NVIDIA driver (it provides nvidia-smi); training needs an NVIDIA GPU.');
  else if (!f.gpus.length) add('gpu', 'GPU', 'warn', 'gpu_none', {}, 'nvidia-smi lists no GPU.', 'Check that the GPU is installed and the driver loaded (nvidia-smi).');
  else {
    const g = f.gpus;
    const details = {
      names: g.map((x) => x.name),
      totalGb: g.map((x) => (x.memoryTotalMb / 1024).toFixed(0)),
      freeGb: g.map((x) => ((x.memoryTotalMb - x.memoryUsedMb) / 1024).toFixed(1)),
      drivers: g.map((x) => x.driver),
    };
    add('gpu', 'GPU', 'ok', 'gpu_ok', details, g.map((x, i) => `${x.name}: ${details.totalGb[i]} GB VRAM (${details.freeGb[i]} GB free), driver ${x.driver}`).join('; '));
  }

  // 7. Free disk where runs write caches, checkpoints and states.
  const disk = 'Disk space';
  if ('error' in f.disk) add('disk', disk, 'warn', 'disk_unknown', { dir: f.disk.dir, error: f.disk.error }, `Cannot read free space at ${f.disk.dir}: ${f.disk.error}`, null);
  else {
    const freeGb = (f.disk.free / GB).toFixed(1);
    const text = `${freeGb} GB free at ${f.disk.dir}.`;
    const details = { freeGb, dir: f.disk.dir };
    if (f.disk.free < 5 * GB) add('disk', disk, 'fail', 'disk_low', details, text, 'Free space on this disk, or move the Atelier data folder: caches and training states need tens of GB.');
    else if (f.disk.free < 30 * GB) add('disk', disk, 'warn', 'disk_tight', details, text, 'Latent caches and resumable states of large models take tens of GB; free some space before long runs.');
    else add('disk', disk, 'ok', 'disk_ok', details, text);
  }

  // 8. Every configured model file of this engine's models exists.
  const files = 'Model files';
  const missing = f.missingFiles;
  if (!f.modelFiles.length) {
    add('models', files, 'warn', 'models_none', { models: f.models }, `No model files are set for ${f.models.join(', ')}.`, `Set the DiT/checkpoint, VAE and text encoders in ${WHERE.modelFiles}.`);
  } else if (missing.length) {
    add('models', files, 'fail', 'models_missing', { keys: missing.map((m) => m.key), owners: missing.map((m) => m.owner), scopes: missing.map((m) => m.scope), paths: missing.map((m) => m.path) },
      missing.map((m) => `${m.label} (${m.scope === 'family' ? `${m.owner} family` : m.owner}): ${m.path} not found`).join('; '), `Correct these paths in ${WHERE.modelFiles}, or download the files to them.`);
  } else add('models', files, 'ok', 'models_ok', { count: f.modelFiles.length }, `${f.modelFiles.length} configured model file(s) exist.`);
  return checks;
}

/** What to install for the modules that failed to import: the engine's requirements, and TensorBoard, which
 * musubi-tuner's requirements leave out. */
function importFix(engine: EngineId, path: string | null, python: string, failed: string[]): { text: string; details: CauseDetails } {
  const fixes: string[] = [];
  const details: CauseDetails = { requirements: null, torch: null, tensorboard: null };
  if (failed.some((m) => m !== TENSORBOARD)) {
    details.requirements = engine === 'musubi-tuner' ? `${python} -m pip install -e .` : `${python} -m pip install -r requirements.txt`;
    if (failed.includes('torch')) details.torch = torchCommand(python);
    fixes.push(`Install the engine's requirements into its venv: in ${path ?? 'the engine folder'}, run ${details.requirements}${details.torch ? ` after installing PyTorch (${details.torch})` : ''}.`);
  }
  if (failed.includes(TENSORBOARD)) {
    details.tensorboard = `${python} -m pip install ${TENSORBOARD}`;
    fixes.push(`Install TensorBoard, which every run logs to (the loss charts read its event files): ${details.tensorboard}`);
  }
  return { text: fixes.join(' '), details };
}

function torchCommand(python: string): string {
  return `${python} -m pip install torch torchvision --index-url https://download.pytorch.org/whl/cu128`;
}
