// The doctor against real processes: a real Python (Debian's), fake engine folders with fake torch packages,
// and a fake nvidia-smi on PATH. Each broken setup must be reported with its fix.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi, parseProbe, pythonInRange, runDoctor, type ModelPaths } from '../../src/core/training/engines-setup';
import { MODELS } from '../../src/core/training/registry';
import { REPO, tmpDir } from '../helpers/tmp';

const PYTHON = '/usr/bin/python3';
const NO_PATHS: ModelPaths = { families: {}, models: {} };

/** A folder that looks like musubi-tuner: every script the registry runs, and importable packages (TensorBoard
 * unless told otherwise: a fresh `pip install -e .` lacks it). */
function fakeMusubi(root: string, torch: 'cuda' | 'cpu' | 'none', tensorboard = true): string {
  const dir = join(root, 'musubi-tuner');
  for (const m of MODELS.filter((x) => x.engine === 'musubi-tuner')) {
    for (const s of Object.values(m.scripts)) {
      mkdirSync(join(dir, s, '..'), { recursive: true });
      writeFileSync(join(dir, s), '');
    }
  }
  for (const pkg of ['accelerate', 'safetensors', 'musubi_tuner', ...(tensorboard ? ['tensorboard'] : [])]) {
    mkdirSync(join(dir, pkg), { recursive: true });
    writeFileSync(join(dir, pkg, '__init__.py'), '');
  }
  if (torch !== 'none') {
    mkdirSync(join(dir, 'torch'), { recursive: true });
    writeFileSync(
      join(dir, 'torch', '__init__.py'),
      [
        `__version__ = "2.7.1${torch === 'cuda' ? '+cu128' : '+cpu'}"`,
        'class version:',
        `    cuda = ${torch === 'cuda' ? '"12.8"' : 'None'}`,
        'class _Props:',
        '    total_memory = 24 * 1024 ** 3',
        'class cuda:',
        '    @staticmethod',
        `    def is_available(): return ${torch === 'cuda' ? 'True' : 'False'}`,
        '    @staticmethod',
        '    def device_count(): return 1',
        '    @staticmethod',
        '    def get_device_name(i): return "NVIDIA GeForce RTX 4090"',
        '    @staticmethod',
        '    def get_device_properties(i): return _Props()',
      ].join('\n'),
    );
  }
  return dir;
}

/** A venv-like bin folder: python (a link to the real one) with or without the accelerate launcher. */
function fakeVenv(root: string, accelerate: boolean): string {
  const bin = join(root, 'venv', 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(PYTHON, join(bin, 'python'));
  if (accelerate) writeFileSync(join(bin, 'accelerate'), '');
  return join(bin, 'python');
}

/** A fake nvidia-smi first on PATH. */
function fakeNvidiaSmi(root: string, output: string | null): NodeJS.ProcessEnv {
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'nvidia-smi'), output === null ? '#!/bin/sh\nexit 9\n' : `#!/bin/sh\nprintf '%s\\n' '${output}'\n`);
  chmodSync(join(bin, 'nvidia-smi'), 0o755);
  return { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
}

const byId = (r: Awaited<ReturnType<typeof runDoctor>>, id: string) => r.checks.find((c) => c.id === id)!;

describe('doctor', () => {
  it('passes a complete setup and reports the GPU, torch and the configured model files', async () => {
    const root = tmpDir();
    const dir = fakeMusubi(root, 'cuda');
    const env = fakeNvidiaSmi(root, 'NVIDIA GeForce RTX 4090, 24564, 1024, 570.86');
    const dit = join(root, 'qwen_dit.safetensors');
    writeFileSync(dit, 'x');
    const paths: ModelPaths = { families: { qwen_image: {} }, models: { qwen_image: { dit } } };
    const python = fakeVenv(root, true);
    const r = await runDoctor({ engine: 'musubi-tuner', path: dir, python, modelPaths: paths, diskDir: root, env });
    expect(byId(r, 'folder').status).toBe('ok');
    expect(byId(r, 'accelerate')).toMatchObject({ status: 'ok', detail: join(root, 'venv', 'bin', 'accelerate') });
    expect(byId(r, 'python').status).toBe('ok');
    expect(byId(r, 'python').detail).toMatch(/^Python 3\.\d+/);
    expect(byId(r, 'imports')).toMatchObject({ status: 'ok' });
    expect(byId(r, 'torch')).toMatchObject({ status: 'ok', detail: expect.stringContaining('RTX 4090 (24 GB)') });
    expect(byId(r, 'gpu').detail).toContain('NVIDIA GeForce RTX 4090: 24 GB VRAM (23.0 GB free), driver 570.86');
    expect(r.gpus).toEqual([{ name: 'NVIDIA GeForce RTX 4090', memoryTotalMb: 24564, memoryUsedMb: 1024, driver: '570.86' }]);
    expect(byId(r, 'models').status).toBe('ok');
    // Not a git checkout of its own: the version is unknown, a warning with the way to the pinned commit.
    expect(byId(r, 'commit')).toMatchObject({ status: 'warn', fix: expect.stringContaining('30c658c') });
    expect(r.ok).toBe(true);
  });

  it('names each broken piece with its fix: CPU torch, missing module, missing model file, no driver', async () => {
    const root = tmpDir();
    const dir = fakeMusubi(root, 'cpu');
    const env = fakeNvidiaSmi(root, null);
    const paths: ModelPaths = { families: { qwen_image: { vae: join(root, 'gone', 'vae.safetensors') } }, models: {} };
    // The stand-in engine's folder is not musubi-tuner: its scripts are missing.
    const standin = await runDoctor({ engine: 'musubi-tuner', path: join(REPO, 'engines', 'standin'), python: PYTHON, modelPaths: NO_PATHS, diskDir: root, env });
    expect(byId(standin, 'folder')).toMatchObject({ status: 'fail', detail: expect.stringContaining('qwen_image_train_network.py') });
    expect(byId(standin, 'torch')).toMatchObject({ status: 'fail', fix: expect.stringContaining('download.pytorch.org/whl/cu128') });
    expect(byId(standin, 'imports').detail).toMatch(/torch: ModuleNotFoundError: No module named 'torch'/);
    expect(byId(standin, 'imports').fix).toContain('pip install -e .');
    expect(byId(standin, 'models').status).toBe('warn');

    const cpu = await runDoctor({ engine: 'musubi-tuner', path: dir, python: fakeVenv(root, false), modelPaths: paths, diskDir: root, env });
    expect(byId(cpu, 'accelerate')).toMatchObject({ status: 'fail', fix: expect.stringContaining('-m pip install accelerate') });
    expect(byId(cpu, 'torch')).toMatchObject({ status: 'fail', code: 'torch_cpu_build', details: { version: '2.7.1+cpu' }, detail: 'torch 2.7.1+cpu is a CPU-only build.' });
    expect(byId(cpu, 'models')).toMatchObject({ status: 'fail', detail: expect.stringContaining('VAE (qwen_image family)') });
    // Each finding names its cause, with what it quotes, for the window to say in its language.
    expect(byId(cpu, 'models')).toMatchObject({ code: 'models_missing', details: { keys: ['vae'], owners: ['qwen_image'], scopes: ['family'], paths: [join(root, 'gone', 'vae.safetensors')] } });
    expect(byId(cpu, 'accelerate')).toMatchObject({ code: 'accelerate_missing', details: { launcher: join(root, 'venv', 'bin', 'accelerate') } });
    expect(byId(cpu, 'gpu').code).toBe('gpu_no_driver');
    expect(byId(cpu, 'gpu')).toMatchObject({ status: 'warn', fix: expect.stringContaining('NVIDIA driver') });
    expect(cpu.ok).toBe(false);
  });

  it('fails when TensorBoard does not import (musubi-tuner lists it only as a dev dependency) and says how to install it', async () => {
    const root = tmpDir();
    const dir = fakeMusubi(root, 'cuda', false);
    const python = fakeVenv(root, true);
    const r = await runDoctor({ engine: 'musubi-tuner', path: dir, python, modelPaths: NO_PATHS, diskDir: root, env: fakeNvidiaSmi(root, null) });
    expect(byId(r, 'imports')).toMatchObject({ status: 'fail', detail: "tensorboard: ModuleNotFoundError: No module named 'tensorboard'" });
    // Only TensorBoard is missing: the fix installs it, not the engine's requirements again.
    expect(byId(r, 'imports').fix).toBe(`Install TensorBoard, which every run logs to (the loss charts read its event files): ${python} -m pip install tensorboard`);
    expect(r.ok).toBe(false);
  });

  it('reports a missing engine folder and Python without running anything else', async () => {
    const root = tmpDir();
    const r = await runDoctor({ engine: 'sd-scripts', path: join(root, 'nope'), python: join(root, 'nope', 'venv', 'bin', 'python'), modelPaths: NO_PATHS, diskDir: root, env: fakeNvidiaSmi(root, null) });
    expect(byId(r, 'folder')).toMatchObject({ status: 'fail', fix: expect.stringContaining('Install engine') });
    expect(byId(r, 'python')).toMatchObject({ status: 'fail', detail: expect.stringContaining('was not found') });
    expect(byId(r, 'imports').status).toBe('skipped');
    const none = await runDoctor({ engine: 'sd-scripts', path: null, python: null, modelPaths: NO_PATHS, diskDir: root, env: fakeNvidiaSmi(root, null) });
    expect(byId(none, 'python').detail).toContain('no venv/ or .venv/');
  });

  it('parses the probe, nvidia-smi and Python ranges', () => {
    expect(parseProbe('banner\nATELIER_PROBE {"python":"3.12.1","executable":"x","imports":{},"torch":null}\n')?.python).toBe('3.12.1');
    expect(parseProbe('no probe line')).toBeNull();
    expect(parseNvidiaSmi('NVIDIA H100 80GB HBM3, 81559, 0, 550.54\nTesla T4, 15360, 2, 535.1\n\n')).toHaveLength(2);
    expect(parseNvidiaSmi('garbage')).toEqual([]);
    expect(pythonInRange('3.12.9', '3.10', '3.13')).toBe(true);
    expect(pythonInRange('3.13.0', '3.10', '3.13')).toBe(false);
    expect(pythonInRange('3.9.18', '3.10', '3.13')).toBe(false);
  });
});
