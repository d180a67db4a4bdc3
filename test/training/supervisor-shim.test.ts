// Atelier's launch shim (engines/shims/atelier_launch.py) as real Python processes: on the stand-in accelerate,
// which behaves as accelerate 1.6 does where the shim looks, and without accelerate. Also shows that the stand-in
// engine is as unforgiving as the real ones without it: SIGINT loses what was trained since the last save.
import { spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupAlive, shimPath, STOP_FILE_ENV, writeStopFile } from '../../src/core/training/supervisor';
import { EventTailer } from '../../src/core/training/tfevents';
import { REPO, tmpDir } from '../helpers/tmp';
import { PYTHON, STANDIN, standinPlan } from './standin-plan';

const SHIM = shimPath(REPO);
const SITE = join(STANDIN, 'site-packages');

interface Proc {
  out: () => string;
  exit: Promise<number | null>;
  pid: number;
}

function run(argv: string[], env: Record<string, string>, cwd: string): Proc {
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return { out: () => out, pid: child.pid!, exit: new Promise((r) => child.once('close', (code, signal) => r(code ?? (signal ? -1 : null)))) };
}

async function until(what: string, f: () => boolean, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!f()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The last tqdm position in the output. */
const lastStep = (out: string): number => Math.max(0, ...[...out.matchAll(/ (\d+)\/\d+ \[/g)].map((m) => Number(m[1])));
const states = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('-state')).sort() : []);

function tags(loggingDir: string): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  new EventTailer(loggingDir, {}).poll((_file, tag, step) => seen.set(tag, [...(seen.get(tag) ?? []), step]));
  return seen;
}

describe('the stand-in engine, like the real ones', () => {
  it('loses what it trained since its last save on SIGINT without the shim; with it, asked by the stop file, saves a state at the next step', async () => {
    const dir = tmpDir();
    const results: { out: string; states: string[]; trained: number; trainState: unknown }[] = [];
    for (const withShim of [false, true]) {
      const runDir = join(dir, withShim ? 'shim' : 'plain');
      // slow steps: tqdm draws each one (it redraws at most every 0.1 s)
      const plan = standinPlan(runDir, { engine: 'sd-scripts', steps: 400, env: { STANDIN_STEP_MS: '150' }, extraArgs: ['--save_every_n_steps', '5', '--save_state'] });
      for (const [path, text] of Object.entries(plan.files)) writeFileSync(path, text);
      const train = plan.steps.at(-1)!;
      const argv = withShim ? train.argv : train.argv.filter((a) => a !== SHIM);
      expect(argv.includes(SHIM)).toBe(withShim);
      const outputDir = train.train!.outputDir;
      const p = run(argv, { ...train.env, [STOP_FILE_ENV]: join(runDir, 'stop') }, train.cwd);
      // interrupted between two scheduled saves: Ctrl+C, or Atelier's stop file
      await until('a scheduled state, and steps after it', () => states(outputDir).includes('lora-step00000005-state') && lastStep(p.out()) >= 7 && [1, 2].includes(lastStep(p.out()) % 5));
      if (withShim) writeFileSync(join(runDir, 'stop'), 'save');
      else process.kill(-p.pid, 'SIGINT');
      await p.exit;
      await until('the process group to end', () => !groupAlive(p.pid));
      const saved = states(outputDir);
      const newest = saved.at(-1)!;
      results.push({ out: p.out(), states: saved, trained: lastStep(p.out()), trainState: JSON.parse(readFileSync(join(outputDir, newest, 'train_state.json'), 'utf8')) });
      expect(existsSync(join(outputDir, 'lora.safetensors'))).toBe(false);
    }
    const [plain, shim] = results as [(typeof results)[0], (typeof results)[0]];
    // no shim: a KeyboardInterrupt; only the scheduled saves are left, the steps after them are gone
    expect(plain.out).toContain('KeyboardInterrupt');
    expect(plain.states.every((n) => Number(/step(\d+)/.exec(n)![1]) % 5 === 0)).toBe(true);
    expect(Number(/step(\d+)/.exec(plain.states.at(-1)!)![1])).toBeLessThan(plain.trained);
    // the shim: the state of the step reached, with sd-scripts' train_state.json written by its save hook
    const at = Number(/step(\d+)/.exec(shim.states.at(-1)!)![1]);
    expect(at % 5).not.toBe(0);
    expect(at).toBeGreaterThanOrEqual(shim.trained);
    expect(shim.out).toContain(`[atelier] stop requested: saving the state at step ${at}`);
    expect(shim.trainState).toMatchObject({ current_step: at });
  }, 60_000);
});

/** A training loop on the stand-in accelerate that asks for its own stop: STOP_WRITES (JSON, step → text) writes
 * the stop file during those steps (a text "/" makes a folder of that name, which cannot be read as a file):
 * 3 batches per epoch, logging per step as musubi-tuner does (Accelerator.log) or as sd-scripts does (the tracker). */
const LOOP = String.raw`
import json, os, sys
sys.path.insert(0, os.environ["STANDIN_ROOT"])  # the stand-in's tensors and event files
from accelerate import Accelerator

def arg(flag):
    return sys.argv[sys.argv.index(flag) + 1]

class Net:
    accelerate_kind = "model"
    def state_dict(self):
        return {"w": [1.0]}

writes = json.loads(os.environ["STOP_WRITES"])
stop = os.environ["ATELIER_STOP_FILE"]
acc = Accelerator(log_with="tensorboard", project_dir=arg("--logging_dir"))
acc.num_processes = int(os.environ.get("PROCESSES", "1"))
step = 0
acc.register_save_state_pre_hook(lambda models, weights, d: open(os.path.join(d, "hook.json"), "w").write(str(step)))
net, loader = acc.prepare(Net(), [0, 1, 2])
acc.init_trackers("network_train")
log = acc.log if arg("--style") == "accelerator" else acc.get_tracker("tensorboard").log
for epoch in range(3):
    for batch in loader:
        with acc.accumulate(net):
            step += 1
        text = writes.get(str(step))
        if text == "/":
            os.mkdir(stop)
        elif text is not None:
            if os.path.isdir(stop):
                os.rmdir(stop)
            open(stop, "w").write(text)
        log({"loss/current": 0.5, "loss/average": 0.5}, step=step)
    log({"loss/epoch": 0.5}, step=epoch + 1)
acc.end_training()
print("finished", flush=True)
`;

async function loop(o: { style: 'accelerator' | 'tracker'; writes: Record<number, string>; processes?: number }) {
  const dir = tmpDir();
  const script = join(dir, 'engine', 'train.py');
  mkdirSync(dirname(script), { recursive: true });
  writeFileSync(script, LOOP);
  const out = join(dir, 'out');
  const logs = join(dir, 'logs');
  const p = run([PYTHON, SHIM, script, '--output_dir', out, '--output_name', 'lora', '--logging_dir', logs, '--style', o.style], { PYTHONPATH: SITE, STANDIN_ROOT: STANDIN, [STOP_FILE_ENV]: join(dir, 'stop'), STOP_WRITES: JSON.stringify(o.writes), PROCESSES: String(o.processes ?? 1) }, dir);
  const code = await p.exit;
  return { code, out: p.out(), states: states(out), outDir: out, tags: tags(logs) };
}

describe('the launch shim', () => {
  it('stops on the stop file alone (no signal): saves the state at the next step, flushes the events, exits 130', async () => {
    for (const style of ['accelerator', 'tracker'] as const) {
      const r = await loop({ style, writes: { 2: 'save' } });
      expect(r.code, r.out).toBe(130);
      expect(r.states).toEqual(['lora-step00000002-state']);
      expect(readFileSync(join(r.outDir, 'lora-step00000002-state', 'hook.json'), 'utf8')).toBe('2'); // the engine's save hook ran
      expect(readdirSync(join(r.outDir, 'lora-step00000002-state'))).toContain('random_states_0.pkl');
      expect(r.out).toContain('[atelier] stopped at step 2.');
      expect(r.out).not.toContain('finished');
      expect(r.tags.get('loss/current')).toEqual([1, 2]);
    }
  });

  it('lets an epoch finish when the stop comes in its last step, and stops without saving on "exit"', async () => {
    const r = await loop({ style: 'tracker', writes: { 3: 'save' } });
    expect(r.code, r.out).toBe(130);
    expect(r.states).toEqual(['lora-step00000004-state']);
    expect(r.out).toContain('step 3 ends its epoch');
    expect(r.tags.get('loss/epoch')).toEqual([1]); // epoch 1's own log was made before the stop

    const e = await loop({ style: 'accelerator', writes: { 3: 'exit' } });
    expect(e.code, e.out).toBe(130);
    expect(e.states).toEqual([]);
    expect(e.out).toContain('[atelier] stop requested: stopping at step 3 without saving the state.');
    expect(e.tags.get('loss/current')).toEqual([1, 2, 3]);
  });

  it('reads an empty or unreadable stop file again at the next step instead of taking it for "save"', async () => {
    // Caught mid-write (empty) at step 2, then "exit" at step 4 (a NaN stop, whose state must not be saved).
    const empty = await loop({ style: 'accelerator', writes: { 2: '', 4: 'exit' } });
    expect(empty.code, empty.out).toBe(130);
    expect(empty.states).toEqual([]);
    expect(empty.out).toContain('[atelier] stop requested: stopping at step 4 without saving the state.');
    // Not readable as a file at step 2 (an OSError): the same.
    const unreadable = await loop({ style: 'tracker', writes: { 2: '/', 5: 'save' } });
    expect(unreadable.code, unreadable.out).toBe(130);
    expect(unreadable.out).toContain('[atelier] the stop file could not be read (IsADirectoryError');
    expect(unreadable.states).toEqual(['lora-step00000005-state']);
  });

  it('the supervisor replaces the stop file whole, never rewriting it in place where the shim may read it empty', () => {
    const dir = tmpDir();
    const stop = join(dir, 'stop');
    writeStopFile(stop, 'save');
    // A second name for the first file: rewriting it in place would show there too.
    linkSync(stop, join(dir, 'seen'));
    writeStopFile(stop, 'exit');
    expect(readFileSync(stop, 'utf8')).toBe('exit');
    expect(readFileSync(join(dir, 'seen'), 'utf8')).toBe('save');
    expect(readdirSync(dir).sort()).toEqual(['seen', 'stop']);
  });

  it('ends a run of several processes at the next step as on Ctrl+C (they cannot save alone), instead of waiting for signals', async () => {
    const r = await loop({ style: 'accelerator', writes: { 2: 'save' }, processes: 2 });
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain('[atelier] stop requested at step 2: a run of several processes cannot save its state on a stop');
    expect(r.out).toContain('KeyboardInterrupt');
    expect(r.states).toEqual([]);
    expect(r.out).not.toContain('finished');
  });

  it('runs the script unchanged, as if started directly, when accelerate is missing or has another API', async () => {
    const dir = tmpDir();
    const script = join(dir, 'engine', 'script.py');
    mkdirSync(dirname(script), { recursive: true });
    writeFileSync(script, 'import json, sys\nprint(json.dumps({"argv": sys.argv, "path0": sys.path[0], "name": __name__}))\nsys.exit(3)\n');
    const other = join(dir, 'other-site');
    mkdirSync(join(other, 'accelerate'), { recursive: true });
    writeFileSync(join(other, 'accelerate', '__init__.py'), 'class Accelerator:\n    pass\n');
    const args = ['--learning_rate', '1e-4', '--output_dir', join(dir, 'out'), '--output_name', 'lora'];
    // -S: no site-packages, so no accelerate whatever this machine has installed
    for (const [argv, env, warning] of [
      [[PYTHON, '-S', SHIM, script, ...args], {}, '[atelier] accelerate is not importable (ModuleNotFoundError'],
      [[PYTHON, '-S', SHIM, script, ...args], { PYTHONPATH: other }, '[atelier] this accelerate has no log, save_state, end_training'],
    ] as const) {
      const p = run([...argv], { ...env, [STOP_FILE_ENV]: join(dir, 'stop') }, dir);
      expect(await p.exit, p.out()).toBe(3);
      expect(p.out()).toContain(warning);
      const seen = JSON.parse(p.out().split('\n').find((l) => l.startsWith('{'))!) as { argv: string[]; path0: string; name: string };
      expect(seen).toEqual({ argv: [script, ...args], path0: dirname(script), name: '__main__' });
    }
  });
});
