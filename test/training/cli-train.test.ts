// `atelier train …` as a process (the built CLI), with the stand-in engine: engine and model-path settings, plan
// --json (nothing runs), --set validation, a run to the end, Ctrl+C (graceful stop, exit 130) and resume.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atelier, BIN } from '../cli/run-cli';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FIXTURES, REPO } from '../helpers/tmp';
import { spawn } from 'node:child_process';
import { stopNotice } from '../../src/cli/commands/train';
import type { TrainingRun } from '../../src/shared/contract';

const STANDIN = join(REPO, 'engines', 'standin');
// The stand-in's bin/python runs `python3` from PATH; resolving it once skips version-manager shims per process.
const REAL_PYTHON_DIR = dirname(execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim());
const ENV = { PATH: `${REAL_PYTHON_DIR}${delimiter}${process.env.PATH ?? ''}`, STANDIN_STEP_MS: '1', STANDIN_ITEM_MS: '0' };

/** A data folder with a two-picture dataset "Faces", the stand-in as musubi-tuner and qwen_image's model files. */
async function setup(): Promise<{ data: string; root: string }> {
  const root = mkdtempSync(join(tmpdir(), 'atelier-cli-train-'));
  const data = join(root, 'data');
  const pics = join(root, 'pics');
  mkdirSync(pics);
  for (const f of readdirSync(join(FIXTURES, 'faces')).filter((x) => x.endsWith('.jpg')).slice(0, 2)) copyFileSync(join(FIXTURES, 'faces', f), join(pics, f));
  expect((await atelier(data, ['import', pics, '--dataset', 'Faces'])).code).toBe(0);
  const eng = await atelier(data, ['train', 'engine', 'musubi-tuner', '--path', join(STANDIN, 'musubi-tuner'), '--python', join(STANDIN, 'bin', 'python')]);
  expect(eng.code, eng.stderr).toBe(0);
  expect(eng.stdout).toContain(`python ${join(STANDIN, 'bin', 'python')}`);
  const sets: string[] = [];
  for (const k of ['dit', 'vae', 'text_encoder']) {
    writeFileSync(join(root, `${k}.safetensors`), '');
    sets.push('--set', `${k}=${join(root, `${k}.safetensors`)}`);
  }
  const paths = await atelier(data, ['train', 'paths', '--model', 'qwen_image', ...sets, '--json']);
  expect(paths.code, paths.stderr).toBe(0);
  const view = JSON.parse(paths.stdout) as { families: { id: string; values: Record<string, string> }[]; models: { type: string; values: Record<string, string> }[] };
  expect(view.families.find((f) => f.id === 'qwen_image')!.values).toEqual({ vae: join(root, 'vae.safetensors'), text_encoder: join(root, 'text_encoder.safetensors') });
  expect(view.models.find((m) => m.type === 'qwen_image')!.values).toEqual({ dit: join(root, 'dit.safetensors') });
  return { data, root };
}

describe('atelier train (built CLI, stand-in engine)', () => {
  // One data folder for the file: each CLI process costs seconds to start.
  let data = '';
  let root = '';
  beforeAll(async () => {
    ({ data, root } = await setup());
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('plans without running anything, as JSON with every command and file', async () => {
    const r = await atelier(data, ['train', 'plan', '--dataset', 'Faces', '--model', 'qwen_image', '--preset', 'quick', '--memory', 'low', '--set', 'learning_rate=2e-4', '--set', 'sample_prompts=a portrait', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { steps: { name: string; argv: string[]; env: Record<string, string> }[]; files: Record<string, string>; issues: { severity: string }[]; runDir: string };
    expect(plan.steps.map((s) => s.name)).toEqual(['cache_latents', 'cache_text_encoder_outputs', 'train']);
    // Each step's environment as the supervisor sets it, and what it removes.
    for (const s of plan.steps) expect(s.env).toEqual({ PYTHONUNBUFFERED: '1', PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8', CUDA_VISIBLE_DEVICES: '0' });
    expect((JSON.parse(r.stdout) as { unsetEnv: string[] }).unsetEnv).toEqual(['PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'CONDA*', 'PIP_*']);
    const train = plan.steps[2]!.argv;
    // accelerate runs Atelier's launch shim, which runs the engine script with exactly the arguments after it
    const script = join(STANDIN, 'musubi-tuner', 'src', 'musubi_tuner', 'qwen_image_train_network.py');
    expect(train.slice(0, 8)).toEqual([join(STANDIN, 'bin', 'accelerate'), 'launch', '--num_cpu_threads_per_process', '1', '--mixed_precision', 'bf16', join(REPO, 'engines', 'shims', 'atelier_launch.py'), script]);
    expect(train.slice(8).some((a) => a.endsWith('.py'))).toBe(false);
    const flag = (f: string) => train[train.indexOf(f) + 1];
    expect(flag('--learning_rate')).toBe('0.0002');
    expect(flag('--max_train_epochs')).toBe('4'); // the quick preset
    expect(flag('--blocks_to_swap')).toBe('45'); // the low-VRAM preset
    expect(train).toContain('--fp8_scaled');
    expect(flag('--dit')).toBe(join(root, 'dit.safetensors'));
    const inRun = Object.keys(plan.files).filter((p) => p.startsWith(plan.runDir));
    expect(inRun.map((p) => p.slice(plan.runDir.length + 1)).sort()).toEqual(['dataset.toml', 'sample_prompts.txt', 'tensorboard.toml']);
    // and the cache folder's record of what its files are made from
    const others = Object.keys(plan.files).filter((p) => !inRun.includes(p));
    expect(others).toHaveLength(1);
    expect(others[0]).toMatch(/[\\/]training[\\/]cache[\\/]qwen_image[\\/][0-9a-f]{16}-[0-9a-f]{16}[\\/]atelier-cache\.json$/);
    expect(plan.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(existsSync(plan.runDir)).toBe(false);

    const text = await atelier(data, ['train', 'plan', '--dataset', 'Faces', '--model', 'qwen_image']);
    // The commands as the studio's preview copies them (one script), the environment once: the steps share it.
    expect(text.stdout).toContain('\n# The commands (cache_latents, cache_text_encoder_outputs, train), in the environment Atelier gives them\n');
    expect(text.stdout).toMatch(/\ncd .*musubi-tuner'?\n.*accelerate launch --num_cpu_threads_per_process 1/);
    expect(text.stdout).toContain("\nunset PYTHONPATH PYTHONHOME VIRTUAL_ENV $(env | cut -d= -f1 | grep -E '^(CONDA|PIP_)')\nexport PYTHONUNBUFFERED=1 PYTHONUTF8=1 PYTHONIOENCODING=utf-8 CUDA_VISIBLE_DEVICES=0\n");
    expect(text.stdout.split('\n').filter((l) => l.startsWith('export '))).toHaveLength(1);

    const bad = await atelier(data, ['train', 'plan', '--dataset', 'Faces', '--model', 'qwen_image', '--set', 'network_dimm=8']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('qwen_image has no setting "network_dimm". Did you mean network_dim?');
  });

  it('runs to the end with progress; Ctrl+C stops gracefully (exit 130) and resume finishes the run', async () => {
    const done = await atelier(data, ['train', 'run', '--dataset', 'Faces', '--model', 'qwen_image', '--set', 'max_train_epochs=2', '--json'], ENV);
    expect(done.code, done.stderr).toBe(0);
    const run = JSON.parse(done.stdout) as { id: number; status: string; progress: { step: number; totalSteps: number } };
    expect(run).toMatchObject({ status: 'done', progress: { step: 4, totalSteps: 4 } });

    // A slower run, interrupted like Ctrl+C once training has started.
    const child = spawn(process.execPath, [BIN, '--data', data, 'train', 'run', '--dataset', 'Faces', '--model', 'qwen_image', '--set', 'max_train_epochs=50', '--set', 'save_every_n_epochs=1'], {
      env: { ...process.env, ...ENV, STANDIN_STEP_MS: '30' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (/train .*\b(1[0-9]|[2-9][0-9])\/100\b/.test(err) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code, err).toBe(130);
    expect(err).toContain('atelier: Stopping run #2 at its next training step, after saving its state there.');
    const stopped = JSON.parse((await atelier(data, ['train', 'status', '2', '--json'])).stdout) as { status: string; resumeState: string | null; resumeStep: number };
    expect(stopped.status).toBe('stopped');
    // saved by the launch shim at the step it stopped at, not a scheduled (epoch) state
    expect(stopped.resumeState).toMatch(new RegExp(`Faces-step${String(stopped.resumeStep).padStart(8, '0')}-state$`));

    const resumed = await atelier(data, ['train', 'resume', '2', '--json'], ENV);
    expect(resumed.code, resumed.stderr).toBe(0);
    const final = JSON.parse(resumed.stdout) as { status: string; segments: number; progress: { step: number; totalSteps: number } };
    expect(final).toMatchObject({ status: 'done', segments: 2, progress: { step: 100, totalSteps: 100 } });
  }, 120_000);

  it('`train stop` from another process: "save and stop" ends the run at its next scheduled save, said as it is', async () => {
    // long enough for two more CLI processes to start while it trains
    const child = spawn(process.execPath, [BIN, '--data', data, 'train', 'run', '--dataset', 'Faces', '--model', 'qwen_image', '--set', 'max_train_epochs=1000', '--set', 'save_every_n_epochs=1'], {
      env: { ...process.env, ...ENV, STANDIN_STEP_MS: '30' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const training = new Promise<void>((r) => child.stderr.on('data', (c: Buffer) => /train .*\b([4-9]|[1-9][0-9]+)\/2000\b/.test((err += c.toString())) && r()));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    await training;
    const id = (JSON.parse((await atelier(data, ['train', 'status', '--json'])).stdout) as { id: number; status: string }[]).find((r) => r.status === 'running')!.id;
    const stop = await atelier(data, ['train', 'stop', String(id), '--mode', 'save']);
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toContain(`Stopping run #${id} at its next state save: the next scheduled one if it saves states on a schedule`);
    expect(await exited, err).toBe(130);
    const stopped = JSON.parse((await atelier(data, ['train', 'status', String(id), '--json'])).stdout) as { status: string; resumeState: string };
    expect(stopped.status).toBe('stopped');
    // the scheduled epoch state is the last one: the engine was told to stop without saving another
    expect(stopped.resumeState).toMatch(/Faces-\d{6}-state$/);
    const attempts = join(data, 'runs', String(id), 'logs');
    expect(readFileSync(join(attempts, readdirSync(attempts).sort().at(-1)!, 'stop'), 'utf8')).toBe('exit');
  }, 60_000);

  it('says what each stop does, for the run as it stands', () => {
    const run = { id: 4, status: 'stopping', currentStep: 'train', stopMode: null, steps: [{ name: 'cache_latents', kind: 'cache', status: 'done' }, { name: 'train', kind: 'train', status: 'running' }] } as unknown as TrainingRun;
    expect(stopNotice(run, 'graceful')).toMatch(/^Stopping run #4 at its next training step, after saving its state there\. If the engine does not respond, Atelier ends it/);
    expect(stopNotice(run, 'save')).toMatch(/^Stopping run #4 at its next state save/);
    expect(stopNotice(run, 'kill')).toBe("Killing run #4's processes: what it trained since its last saved state is lost.");
    expect(stopNotice({ ...run, stopMode: 'kill' }, 'graceful')).toMatch(/^Killing/); // a kill under way is not undone
    expect(stopNotice({ ...run, currentStep: 'cache_latents' }, 'graceful')).toBe('Stopping run #4 in its cache_latents step, which has nothing to save: resuming the run does that step again.');
    expect(stopNotice({ ...run, status: 'cancelled', currentStep: null }, 'graceful')).toBe('Cancelled run #4: it had not started.');
  });
});
