import { describe, expect, it } from 'vitest';
import {
  LineSplitter,
  absoluteEpoch,
  absoluteStep,
  checkpointCounters,
  classifyFailure,
  classifyStartFailure,
  consoleLines,
  decideOffset,
  dueStopAction,
  getFlag,
  gpusOverlap,
  parseOutputName,
  parseSampleName,
  parseTqdm,
  parseTrainingProgress,
  removeFlag,
  resumeArgv,
  setFlag,
  shimPath,
  stopFileWord,
  withStopShim,
  type StopProgress,
  type TrainOutputs,
} from '../../src/core/training/supervisor';
import { envValue } from '../../src/core/training/engines-setup';

describe('tqdm progress', () => {
  it('reads the engines\' training bar', () => {
    expect(parseTrainingProgress('steps:  12%|█▏        | 192/1600 [05:31<40:28,  1.72s/it, avr_loss=0.0912]')).toEqual({
      desc: 'steps',
      n: 192,
      total: 1600,
      elapsedSeconds: 331,
      etaSeconds: 2428,
      rate: 1 / 1.72,
      postfix: { avr_loss: '0.0912' },
      avrLoss: 0.0912,
    });
    const fast = parseTrainingProgress('steps:  45%|████▌     | 450/1000 [1:02:03<00:30, 14.25it/s, avr_loss=0.123]')!;
    expect([fast.elapsedSeconds, fast.etaSeconds, fast.rate]).toEqual([3723, 30, 14.25]);
  });

  it('reads the first update (no rate yet), a postfix with spaces in keys, and a NaN loss', () => {
    const first = parseTrainingProgress('steps:   0%|          | 0/30 [00:00<?, ?it/s]')!;
    expect([first.n, first.total, first.rate, first.etaSeconds, first.avrLoss]).toEqual([0, 30, null, null, null]);
    const norm = parseTrainingProgress('steps:  10%|█         | 3/30 [00:01<00:09,  2.90it/s, Keys Scaled=2, Average key norm=0.41, avr_loss=0.15]')!;
    expect(norm.postfix).toEqual({ 'Keys Scaled': '2', 'Average key norm': '0.41', avr_loss: '0.15' });
    expect(parseTrainingProgress('steps:  10%|█         | 3/30 [00:01<00:09,  2.90it/s, avr_loss=nan]')!.avrLoss).toBeNaN();
  });

  it('ignores sampling, validation, caching bars and other text', () => {
    expect(parseTrainingProgress('validation steps:  50%|█████     | 2/4 [00:01<00:01,  1.90it/s, val_avg_loss=0.2]')).toBeNull();
    expect(parseTrainingProgress('100%|██████████| 20/20 [00:03<00:00,  6.12it/s]')).toBeNull();
    expect(parseTqdm('100%|██████████| 20/20 [00:03<00:00,  6.12it/s]')!.n).toBe(20);
    expect(parseTrainingProgress('INFO     saving checkpoint')).toBeNull();
  });
});

describe('console lines', () => {
  it('collapses tqdm rewrites to what a terminal shows, across chunks split anywhere (even inside UTF-8)', () => {
    const text = 'INFO 学習開始\r\nsteps:   0%|          | 0/3 [00:00<?, ?it/s]\rsteps:  33%|███▎      | 1/3\rsteps: 100%|██████████| 3/3\n\x1b[32mdone\x1b[0m\n';
    const bytes = Buffer.from(text, 'utf8');
    for (const cut of [1, 5, 7, 20, 60]) {
      const sp = new LineSplitter();
      const lines: string[] = [];
      const segments: string[] = [];
      for (let i = 0; i < bytes.length; i += cut) {
        const out = sp.push(bytes.subarray(i, i + cut));
        lines.push(...out.lines);
        segments.push(...out.segments);
      }
      expect(lines).toEqual(['INFO 学習開始', 'steps: 100%|██████████| 3/3', 'done']);
      expect(segments).toHaveLength(5);
    }
    expect(consoleLines('a\r\nb\rB\ntail')).toEqual(['a', 'B', 'tail']);
  });

  it('keeps the bar being drawn as the partial segment', () => {
    const sp = new LineSplitter();
    sp.push(Buffer.from('\rsteps:  10%|█         | 1/10 [00:00<00:01, 9.00it/s]'));
    expect(sp.partial).toContain('1/10');
  });
});

const tb = (lines: string): string[] => lines.trim().split('\n').map((l) => l.trimStart());

describe('error classifier', () => {
  it('recognises CUDA out of memory with how much it wanted', () => {
    const e = classifyFailure(
      tb(`
        steps:  10%|█         | 3/30 [00:01<00:09,  2.90it/s, avr_loss=0.15]
        Traceback (most recent call last):
          File "src/musubi_tuner/hv_train_network.py", line 2071, in train
        torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.55 GiB
        Traceback (most recent call last):
        subprocess.CalledProcessError: Command '['python', 'qwen_image_train_network.py']' returned non-zero exit status 1.`),
      { code: 1, signal: null },
    )!;
    expect(e.kind).toBe('cuda_oom');
    expect(e.fix).toContain('2.00 GiB');
    expect(e.fix).toMatch(/blocks to swap/);
    expect(e.message).toMatch(/^torch.OutOfMemoryError/);
  });

  it('recognises a missing module and names the pip package', () => {
    const e = classifyFailure(["ModuleNotFoundError: No module named 'cv2'"], { code: 1, signal: null })!;
    expect(e.kind).toBe('missing_module');
    expect(e.fix).toContain('pip install opencv-python');
  });

  it('recognises encoding errors (console and file)', () => {
    const enc = classifyFailure(["UnicodeEncodeError: 'charmap' codec can't encode characters in position 9-12: character maps to <undefined>"], { code: 1, signal: null })!;
    expect([enc.kind, enc.fix]).toEqual(['encoding', expect.stringContaining('PYTHONUTF8=1')]);
    const dec = classifyFailure(["UnicodeDecodeError: 'utf-8' codec can't decode byte 0x93 in position 4: invalid start byte"], { code: 1, signal: null })!;
    expect([dec.kind, dec.fix]).toEqual(['encoding', expect.stringContaining('UTF-8')]);
  });

  it('recognises a missing model file and a missing other file', () => {
    const m = classifyFailure(["FileNotFoundError: [Errno 2] No such file or directory: '/models/qwen_image_bf16.safetensors'"], { code: 1, signal: null })!;
    expect([m.kind, m.title]).toEqual(['missing_file', 'Model file not found: /models/qwen_image_bf16.safetensors']);
    expect(m.fix).toContain('Training → Engines and models → Model files');
    const d = classifyFailure(["FileNotFoundError: [Errno 2] No such file or directory: '/data/ds.toml'"], { code: 1, signal: null })!;
    expect(d.title).toBe('File not found: /data/ds.toml');
  });

  it('recognises a NaN loss, a dataset schema error, rejected flags, RAM exhaustion and a kill by the system', () => {
    expect(classifyFailure(['steps:  50%|█████     | 5/10 [00:01<00:01, 4.00it/s, avr_loss=nan]'], { code: 1, signal: null })!.kind).toBe('nan_loss');
    expect(classifyFailure(["voluptuous.error.MultipleInvalid: extra keys not allowed @ data['datasets'][0]['image_dir']"], { code: 1, signal: null })!.kind).toBe('dataset_config');
    expect(classifyFailure(['train_network.py: error: unrecognized arguments: --foo'], { code: 2, signal: null })!.kind).toBe('bad_arguments');
    expect(classifyFailure(['RuntimeError: [enforce fail at alloc_cpu.cpp:114] DefaultCPUAllocator: not enough memory: you tried to allocate 1073741824 bytes.'], { code: 1, signal: null })!.kind).toBe('ram_oom');
    const killed = classifyFailure(['steps:  50%|█████     | 5/10'], { code: null, signal: 'SIGKILL' })!;
    expect(killed.kind).toBe('ram_oom');
  });

  it('falls back to the engine\'s last exception (not accelerate\'s), and reports nothing for a clean or stopped run', () => {
    const e = classifyFailure(
      ['RuntimeError: CUDA error: an illegal memory access was encountered', "subprocess.CalledProcessError: Command '[...]' returned non-zero exit status 1."],
      { code: 1, signal: null },
    )!;
    expect([e.kind, e.message]).toEqual(['crash', 'RuntimeError: CUDA error: an illegal memory access was encountered']);
    expect(classifyFailure(['INFO model saved.'], { code: 0, signal: null })).toBeNull();
    expect(classifyFailure(['torch.OutOfMemoryError: CUDA out of memory.'], { code: 1, signal: null }, true)).toBeNull();
    // the later error wins
    expect(classifyFailure(["ModuleNotFoundError: No module named 'x'", 'torch.OutOfMemoryError: CUDA out of memory.'], { code: 1, signal: null })!.kind).toBe('cuda_oom');
  });
});

describe('output names', () => {
  it('parses checkpoints and state folders of both engines', () => {
    expect(parseOutputName('my_lora-000003.safetensors', 'my_lora', false)).toEqual({ kind: 'checkpoint', step: null, epoch: 3, final: false });
    expect(parseOutputName('my_lora-step00000500.safetensors', 'my_lora', false)).toEqual({ kind: 'checkpoint', step: 500, epoch: null, final: false });
    expect(parseOutputName('my_lora.safetensors', 'my_lora', false)).toEqual({ kind: 'checkpoint', step: null, epoch: null, final: true });
    expect(parseOutputName('my_lora-000002-state', 'my_lora', true)).toEqual({ kind: 'state', step: null, epoch: 2, final: false });
    expect(parseOutputName('my_lora-step00000100-state', 'my_lora', true)).toEqual({ kind: 'state', step: 100, epoch: null, final: false });
    expect(parseOutputName('my_lora-state', 'my_lora', true)).toEqual({ kind: 'state', step: null, epoch: null, final: true });
    expect(parseOutputName('my_lora_r1-000001.safetensors', 'my_lora', false)).toBeNull(); // another launch's name
    expect(parseOutputName('my.lora-000001.safetensors', 'my.lora', false)?.epoch).toBe(1);
    expect(parseOutputName('other.safetensors', 'my_lora', false)).toBeNull();
    expect(parseOutputName('my_lora-000001.safetensors.tmp', 'my_lora', false)).toBeNull();
  });

  it('parses sample names by epoch or step, with and without a seed', () => {
    expect(parseSampleName('my_lora_e000004_01_20260101120000_42.png', 'my_lora')).toEqual({ kind: 'sample', epoch: 4, step: null, final: false, index: 1 });
    expect(parseSampleName('my_lora_000250_00_20260101120000.mp4', 'my_lora')).toEqual({ kind: 'sample', epoch: null, step: 250, final: false, index: 0 });
    expect(parseSampleName('notes.txt', 'my_lora')).toBeNull();
  });

  it('reads ss_steps / ss_epoch from checkpoint metadata', () => {
    expect(checkpointCounters('{"__metadata__":{"ss_steps":"120","ss_epoch":"3"},"w":{}}')).toEqual({ step: 120, epoch: 3 });
    expect(checkpointCounters('{"w":{}}')).toEqual({ step: null, epoch: null });
    expect(checkpointCounters('not json')).toEqual({ step: null, epoch: null });
  });
});

describe('resume accounting', () => {
  it('aligns a launch\'s first reported value right after the resume point', () => {
    expect(decideOffset(40, 1)).toBe(40); // musubi: restarted at 0
    expect(decideOffset(40, 0)).toBe(40); // step-0 log of a gradient-accumulation micro-step
    expect(decideOffset(40, 41)).toBe(0); // an engine that continued its count
    expect(decideOffset(45, 6)).toBe(40); // sd-scripts --skip_until_initial_step: position inside the epoch
    expect(decideOffset(2, 3)).toBe(0); // sd-scripts epochs continue
    const seg = { resumeStep: 40, resumeEpoch: 2, stepOffset: null, epochOffset: null };
    expect([absoluteStep(seg, 1), absoluteEpoch(seg, 1)]).toEqual([41, 3]); // before any report: assume a restart
    expect(absoluteStep({ ...seg, stepOffset: 0 }, 41)).toBe(41);
  });

  const train: TrainOutputs = {
    outputDir: '/o',
    outputName: 'lora',
    loggingDir: '/l',
    sampleDir: '/o/sample',
    maxTrainSteps: 100,
    maxTrainEpochs: null,
    countersResetOnResume: true,
  };
  const argv = ['accelerate', 'launch', '--mixed_precision', 'bf16', 'train.py', '--max_train_steps', '100', '--output_name', 'lora', '--mixed_precision', 'bf16'];

  it('edits only the script part of the command line', () => {
    expect(getFlag(argv, '--mixed_precision')).toBe('bf16');
    expect(removeFlag(argv, '--mixed_precision')).toEqual(['accelerate', 'launch', '--mixed_precision', 'bf16', 'train.py', '--max_train_steps', '100', '--output_name', 'lora']);
    expect(setFlag(['x.py', '--a=1'], '--a', '2')).toEqual(['x.py', '--a', '2']);
  });

  it('puts the launch shim in front of the engine script, once, and edits the script flags behind it', () => {
    const shim = '/app/engines/shims/atelier_launch.py';
    const shimmed = withStopShim(argv, shim);
    expect(shimmed).toEqual(['accelerate', 'launch', '--mixed_precision', 'bf16', shim, 'train.py', '--max_train_steps', '100', '--output_name', 'lora', '--mixed_precision', 'bf16']);
    expect(withStopShim(shimmed, shim)).toEqual(shimmed);
    // The shim of an Atelier mounted elsewhere before (an AppImage's mount point) is replaced by this one's.
    expect(withStopShim(withStopShim(argv, '/old-mount/resources/app.asar.unpacked/engines/shims/atelier_launch.py'), shim)).toEqual(shimmed);
    expect(withStopShim(['python', 'cache_latents.py', '--vae', 'v'], shim)).toEqual(['python', 'cache_latents.py', '--vae', 'v']);
    expect(removeFlag(shimmed, '--mixed_precision')).toEqual(['accelerate', 'launch', '--mixed_precision', 'bf16', shim, 'train.py', '--max_train_steps', '100', '--output_name', 'lora']);
    expect(getFlag(resumeArgv(shimmed, { stateDir: '/s', resumeStep: 40, resumeEpoch: 2, seq: 1, engine: 'musubi-tuner', train }).argv, '--max_train_steps')).toBe('60');
    // Python cannot read inside the packaged app's asar archive: engines/ is unpacked beside it
    expect(shimPath('/opt/Atelier/resources/app.asar')).toBe('/opt/Atelier/resources/app.asar.unpacked/engines/shims/atelier_launch.py');
    expect(shimPath('/src/atelier')).toBe('/src/atelier/engines/shims/atelier_launch.py');
  });

  it('musubi: resumes with the steps left and its own output name', () => {
    const r = resumeArgv(argv, { stateDir: '/o/lora-step00000040-state', resumeStep: 40, resumeEpoch: 2, seq: 1, engine: 'musubi-tuner', train });
    expect(getFlag(r.argv, '--max_train_steps')).toBe('60');
    expect(getFlag(r.argv, '--resume')).toBe('/o/lora-step00000040-state');
    expect(getFlag(r.argv, '--output_name')).toBe('lora_r1');
    expect(r.outputName).toBe('lora_r1');
    const byEpochs = resumeArgv(['t.py', '--max_train_epochs', '10'], { stateDir: '/s', resumeStep: 40, resumeEpoch: 4, seq: 2, engine: 'musubi-tuner', train });
    expect(getFlag(byEpochs.argv, '--max_train_epochs')).toBe('6');
    // Once the total is known, a mid-epoch stop (step 41 of 10 epochs × 10) leaves exactly 59 steps, not 6 epochs.
    const midEpoch = resumeArgv(['t.py', '--max_train_epochs', '10'], { stateDir: '/s', resumeStep: 41, resumeEpoch: 4, seq: 1, engine: 'musubi-tuner', train, totalSteps: 100 });
    expect(getFlag(midEpoch.argv, '--max_train_epochs')).toBeNull();
    expect(getFlag(midEpoch.argv, '--max_train_steps')).toBe('59');
    const byDefault = resumeArgv(['t.py'], { stateDir: '/s', resumeStep: 100, resumeEpoch: 0, seq: 1, engine: 'musubi-tuner', train });
    expect(getFlag(byDefault.argv, '--max_train_steps')).toBe('1500');
  });

  it('sd-scripts: skips the batches already trained on instead of shortening the run', () => {
    const r = resumeArgv(argv, { stateDir: '/s', resumeStep: 40, resumeEpoch: 2, seq: 1, engine: 'sd-scripts', train: { ...train, countersResetOnResume: false } });
    expect(getFlag(r.argv, '--max_train_steps')).toBe('100');
    expect(r.argv).toContain('--skip_until_initial_step');
  });
});

describe('stop stages', () => {
  const at = (p: Partial<StopProgress>, now: number) => dueStopAction({ mode: 'graceful', stage: 0, stageAt: null, waitForSave: false, stateSaved: false, interruptStage: false, ...p }, now, 1000, 100);

  it('asks first, then SIGTERM a timeout after, then the kill a timeout after that; kill at once', () => {
    expect(at({}, 0)).toBe('ask');
    expect(at({ stage: 1, stageAt: 0 }, 999)).toBeNull();
    expect(at({ stage: 1, stageAt: 0 }, 1000)).toBe('terminate');
    expect(at({ stage: 3, stageAt: 1000 }, 1099)).toBeNull();
    expect(at({ stage: 3, stageAt: 1000 }, 1100)).toBe('kill');
    expect(at({ stage: 4, stageAt: 1100 }, 99_999)).toBeNull();
    for (const mode of ['kill', 'cancel']) for (const stage of [0, 1, 2, 3]) expect(at({ mode, stage, stageAt: 0 }, 0)).toBe('kill');
  });

  it('under the launch shim, asks by the stop file alone and sends SIGINT as a stage of its own before SIGTERM', () => {
    const shim = { interruptStage: true };
    expect(at(shim, 0)).toBe('ask');
    expect(at({ ...shim, stage: 1, stageAt: 0 }, 999)).toBeNull();
    expect(at({ ...shim, stage: 1, stageAt: 0 }, 1000)).toBe('interrupt');
    expect(at({ ...shim, stage: 2, stageAt: 1000 }, 1099)).toBeNull();
    expect(at({ ...shim, stage: 2, stageAt: 1000 }, 1100)).toBe('terminate');
    expect(at({ ...shim, stage: 3, stageAt: 1100 }, 1200)).toBe('kill');
  });

  it('"save and stop" on a save schedule asks once a state is saved, for a stop without another save', () => {
    expect(at({ mode: 'save', waitForSave: true }, 1e9)).toBeNull();
    expect(at({ mode: 'save', waitForSave: true, stateSaved: true }, 0)).toBe('ask');
    expect(at({ mode: 'save' }, 0)).toBe('ask');
    expect(stopFileWord({ mode: 'save', waitForSave: true })).toBe('exit');
    expect(stopFileWord({ mode: 'save', waitForSave: false })).toBe('save');
    expect(stopFileWord({ mode: 'graceful', waitForSave: false })).toBe('save');
    expect(stopFileWord({ mode: 'nan', waitForSave: false })).toBe('exit');
  });
});

describe('GPU sets', () => {
  it('overlap when they share a device, however the list is written', () => {
    expect(gpusOverlap('0', '0,1')).toBe(true);
    expect(gpusOverlap('1, 0', '0')).toBe(true);
    expect(gpusOverlap('0,1', '2,3')).toBe(false);
    expect(gpusOverlap('1', '10')).toBe(false);
    expect(gpusOverlap('GPU-5b1c', 'GPU-5b1c,1')).toBe(true);
    expect(gpusOverlap('', ' ')).toBe(true); // no GPU: both on the CPU
    expect(gpusOverlap('', '0')).toBe(false);
  });
});

describe('start failures', () => {
  const f = { step: 'train', program: '/e/venv/bin/accelerate', cwd: '/e', code: 'ENOENT', message: 'spawn /e/venv/bin/accelerate ENOENT', atelier: false, cwdExists: true, programExists: true };

  it('tells the engine folder or program missing from one that cannot run, and both from a failure of Atelier', () => {
    expect(classifyStartFailure({ ...f, cwdExists: false })).toMatchObject({ kind: 'missing_file', cause: 'engine_folder_missing', details: { path: '/e' }, title: 'The engine folder /e does not exist' });
    expect(classifyStartFailure({ ...f, programExists: false })).toMatchObject({ kind: 'missing_file', cause: 'program_missing', details: { program: '/e/venv/bin/accelerate' }, title: '/e/venv/bin/accelerate was not found' });
    expect(classifyStartFailure({ ...f, programExists: false }).fix).toContain('pip install accelerate');
    expect(classifyStartFailure({ ...f, code: 'EACCES' })).toMatchObject({ kind: 'launch', cause: 'not_executable', title: '/e/venv/bin/accelerate is not executable' });
    expect(classifyStartFailure(f)).toMatchObject({ kind: 'launch', cause: 'bad_interpreter', title: '/e/venv/bin/accelerate exists but could not be started' });
    expect(classifyStartFailure({ ...f, code: 'E2BIG' })).toMatchObject({ kind: 'launch', cause: 'cannot_start', title: '/e/venv/bin/accelerate could not be started' });
    const own = classifyStartFailure({ ...f, code: 'ENOSPC', message: 'ENOSPC: no space left on device', atelier: true });
    expect(own).toMatchObject({ kind: 'launch', cause: 'launch_atelier', details: { step: 'train' }, title: 'Atelier could not start the train step' });
    expect(own.fix).toContain('free space');
  });

  it('looks a program up on PATH by the name Windows gives it (often Path), and by the exact name elsewhere', () => {
    const env = { Path: 'C:\\venv\\Scripts', HOME: '/h' };
    expect(envValue(env, 'PATH', 'win32')).toBe('C:\\venv\\Scripts');
    expect(envValue(env, 'PATH', 'linux')).toBeUndefined();
    expect(envValue({ PATH: '/usr/bin', Path: '/elsewhere' }, 'PATH', 'linux')).toBe('/usr/bin');
    // Both spellings (a step's own PATH over the inherited Path): the first in sorted order, as Node's spawn takes it.
    expect(envValue({ Path: 'C:\\old', PATH: 'C:\\new' }, 'PATH', 'win32')).toBe('C:\\new');
    expect(envValue({}, 'PATH', 'win32')).toBeUndefined();
  });

  it('points its fixes at the places the studio has', () => {
    const fixes = [
      classifyFailure(["FileNotFoundError: [Errno 2] No such file or directory: '/m/dit.safetensors'"], { code: 1, signal: null })!.fix,
      classifyFailure(["ModuleNotFoundError: No module named 'prodigyopt'"], { code: 1, signal: null })!.fix,
      classifyFailure(['train_network.py: error: unrecognized arguments: --x'], { code: 2, signal: null })!.fix,
      classifyStartFailure({ ...f, cwdExists: false }).fix,
    ];
    expect(fixes[0]).toContain('Training → Engines and models → Model files');
    for (const fix of fixes.slice(1)) expect(fix).toContain('Training → Engines and models → Engines');
    for (const fix of fixes) expect(fix).not.toMatch(/Settings ›/);
  });
});
