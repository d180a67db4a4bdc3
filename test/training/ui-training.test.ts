// The Training page's pure parts: live metric merging (with resume resets), TensorBoard-style smoothing, chart
// alignment, form field parsing and validation messages, and a Chinese label for every registered parameter.
import { describe, expect, it } from 'vitest';
import { MODELS, formParams, getModel } from '../../src/core/training/registry';
import { applyPoints, chartData, ema, fromContract, lrTags, onStepAxis } from '../../src/renderer/features/training/chart-data';
import { trainingStrings } from '../../src/renderer/features/training/i18n';
import { PARAM_ZH, paramText } from '../../src/renderer/features/training/param-i18n';
import { fieldError, listToText, textToList } from '../../src/renderer/features/training/param-values';
import { envLines, shellFor, shellQuote, stepsScript } from '../../src/shared/contract';

const pt = (tag: string, step: number, value: number | null, axis: 'step' | 'epoch' = 'step', wallTime = 0) => ({ tag, axis, step, value, wallTime });

describe('training page logic', () => {
  it('merges live points in step order and drops what a resume rewinds, per axis', () => {
    let m = fromContract([{ tag: 'loss/current', axis: 'step', group: 'loss', steps: [1, 2, 3], values: [0.3, 0.2, 0.25], wallTimes: [0, 0, 0] }]);
    const before = m;
    m = applyPoints(m, [pt('loss/current', 4, 0.2), pt('loss/current', 4, 0.19), pt('lr/unet', 4, 1e-4), pt('loss/epoch', 1, 0.22, 'epoch')]);
    expect(before['loss/current']!.steps).toEqual([1, 2, 3]);
    expect(m['loss/current']).toMatchObject({ steps: [1, 2, 3, 4], values: [0.3, 0.2, 0.25, 0.19] });
    m = applyPoints(m, [pt('loss/current', 2.5, 0.21)]);
    expect(m['loss/current']!.steps).toEqual([1, 2, 2.5, 3, 4]);
    // A resume from step 2 (epoch 0): later step points go, epoch points after epoch 0 go, new points follow.
    m = applyPoints(m, [pt('loss/current', 3, 0.18)], { step: 2, epoch: 0 });
    expect(m['loss/current']).toMatchObject({ steps: [1, 2, 3], values: [0.3, 0.2, 0.18] });
    expect(m['loss/epoch']!.steps).toEqual([]);
    expect(lrTags(m)).toEqual(['lr/unet']);
  });

  it('smooths like TensorBoard (debiased EMA), skipping NaN', () => {
    expect(ema([1, 1, 1], 0.9)).toEqual([1, 1, 1].map(() => expect.closeTo(1, 10)));
    const s = ema([0, 1, null, 1], 0.5);
    expect(s[0]).toBeCloseTo(0);
    expect(s[1]).toBeCloseTo(0.5 / 0.75);
    expect(s[2]).toBeNull();
    expect(s[3]).toBeCloseTo(0.75 / 0.875);
    expect(ema([2, Number.NaN, 4], 0)).toEqual([2, null, 4]);
  });

  it('aligns series on the union of steps and overlays earlier runs', () => {
    const cur = fromContract([
      { tag: 'loss/current', axis: 'step', group: 'loss', steps: [1, 2], values: [1, 0.5], wallTimes: [0, 0] },
      { tag: 'loss/average', axis: 'step', group: 'loss', steps: [2], values: [0.75], wallTimes: [0] },
      { tag: 'lr/unet', axis: 'step', group: 'lr', steps: [1, 2], values: [1e-4, 1e-4], wallTimes: [0, 0] },
    ]);
    const old = fromContract([{ tag: 'loss/current', axis: 'step', group: 'loss', steps: [1, 3], values: [0.9, 0.4], wallTimes: [0, 0] }]);
    const labels = { loss: 'loss', lossRaw: 'raw', average: 'avg', lr: 'lr', epoch: 'per epoch' };
    const d = chartData({ metrics: cur, smoothing: 0, show: { loss: true, average: true, lr: true, epoch: true }, overlays: [{ label: '#1', metrics: old }], labels });
    expect(d.x).toEqual([1, 2, 3]);
    expect(d.series.map((s) => [s.label, s.scale, s.values])).toEqual([
      ['raw', 'loss', [1, 0.5, null]],
      ['loss', 'loss', [1, 0.5, null]],
      ['avg', 'loss', [null, 0.75, null]],
      ['lr unet', 'lr', [1e-4, 1e-4, null]],
      ['#1', 'loss', [0.9, null, 0.4]],
    ]);
    const only = chartData({ metrics: cur, smoothing: 0.5, show: { loss: false, average: true, lr: false, epoch: true }, overlays: [], labels });
    expect(only.series.map((s) => s.label)).toEqual(['avg']);
  });

  it('shows the epoch-level loss as points at each epoch’s last step, by the engine’s wall times', () => {
    // Steps 1–6 logged at t = 10…60; epochs of uneven length end after steps 2 and 6; a resume (t = 100) re-logs
    // step 5 onward and epoch 2 again.
    const m = fromContract([
      { tag: 'loss/current', axis: 'step', group: 'loss', steps: [1, 2, 3, 4, 5, 6], values: [1, 0.9, 0.8, 0.7, 0.6, 0.5], wallTimes: [10, 20, 30, 40, 50, 60] },
      { tag: 'loss/epoch', axis: 'epoch', group: 'loss', steps: [1, 2], values: [0.95, 0.65], wallTimes: [21, 61] },
    ]);
    expect(onStepAxis(m['loss/epoch']!, m['loss/current']!)).toMatchObject({ axis: 'step', steps: [2, 6], values: [0.95, 0.65] });
    const labels = { loss: 'loss', lossRaw: 'raw', average: 'avg', lr: 'lr', epoch: 'per epoch' };
    const d = chartData({ metrics: m, smoothing: 0, show: { loss: true, average: true, lr: true, epoch: true }, overlays: [], labels });
    expect(d.x).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.series.find((s) => s.label === 'per epoch')).toMatchObject({ points: true, scale: 'loss', values: [null, 0.95, null, null, null, 0.65] });
    expect(chartData({ metrics: m, smoothing: 0, show: { loss: true, average: true, lr: true, epoch: false }, overlays: [], labels }).series.map((s) => s.label)).toEqual(['raw', 'loss']);
    // Live points keep their wall times; a resume from step 4 (epoch 1) drops what follows, on each axis.
    const live = applyPoints(m, [pt('loss/current', 5, 0.62, 'step', 100), pt('loss/current', 6, 0.52, 'step', 110), pt('loss/epoch', 2, 0.6, 'epoch', 111)], { step: 4, epoch: 1 });
    expect(live['loss/current']).toMatchObject({ steps: [1, 2, 3, 4, 5, 6], wallTimes: [10, 20, 30, 40, 100, 110] });
    expect(onStepAxis(live['loss/epoch']!, live['loss/current']!)).toMatchObject({ steps: [2, 6], values: [0.95, 0.6] });
    // sd-scripts' tag, and epochs logged before any step (none to place them at).
    const sd = fromContract([
      { tag: 'loss/current', axis: 'step', group: 'loss', steps: [3], values: [1], wallTimes: [30] },
      { tag: 'loss/epoch_average', axis: 'epoch', group: 'loss', steps: [1, 2], values: [2, 1], wallTimes: [5, 31] },
    ]);
    expect(chartData({ metrics: sd, smoothing: 0, show: { loss: false, average: false, lr: false, epoch: true }, overlays: [], labels }).series).toMatchObject([{ label: 'per epoch', values: [1] }]);
    // The legend's label is translated.
    expect(trainingStrings['zh-CN'].seriesEpoch).toBe('每轮损失');
  });

  it('parses list fields and reports problems in the UI language', () => {
    const sdxl = getModel('sdxl_lora');
    const p = (k: string) => formParams(sdxl).find((x) => x.key === k)!;
    expect(textToList(p('text_encoder_lr'), '1e-5, 2e-5')).toEqual([1e-5, 2e-5]);
    expect(textToList(p('network_args'), 'conv_dim=4\n\nconv_alpha=1\n')).toEqual(['conv_dim=4', 'conv_alpha=1']);
    expect(listToText(p('network_args'), ['a=1', 'b=2'])).toBe('a=1\nb=2');
    const zh = trainingStrings['zh-CN'].invalid;
    const en = trainingStrings.en.invalid;
    expect(fieldError(p('network_dim'), 0, en, String)).toBe('At least 1');
    expect(fieldError(p('network_dim'), 4.5, zh, String)).toBe('请输入整数');
    expect(fieldError(p('mixed_precision'), 'fp8', en, String)).toBe('One of bf16, fp16, no');
    expect(fieldError(p('pretrained_model_name_or_path'), null, zh, String)).toBe('必填');
    expect(fieldError(p('resolution'), [1024], en, String)).toBe('2 values');
    expect(fieldError(p('network_args'), ['conv_dim'], en, String)).toBe('One key=value per line');
    expect(fieldError(p('network_dim'), 16, en, String)).toBeNull();
  });

  it('has a Chinese label and help for every parameter of every model', () => {
    const keys = new Set(MODELS.flatMap((m) => formParams(m).map((p) => p.key)));
    expect([...keys].filter((k) => !PARAM_ZH[k])).toEqual([]);
    expect(Object.keys(PARAM_ZH).filter((k) => !keys.has(k))).toEqual([]);
    const dim = formParams(getModel('qwen_image')).find((p) => p.key === 'network_dim')!;
    expect(paramText(dim, 'zh-CN').label).toBe('秩（dim）');
    expect(paramText(dim, 'en').label).toBe('Rank (dim)');
  });

  it('quotes commands for copying into a shell', () => {
    expect(shellQuote(['/opt/py', '--name', "it's here", '--x', 'a b', 'k=v'])).toBe(`/opt/py --name 'it'\\''s here' --x 'a b' k=v`);
  });

  it('copies the commands with the environment Atelier gives them, for the shell of the engines’ machine', () => {
    const env = { PYTHONUNBUFFERED: '1', PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8', CUDA_VISIBLE_DEVICES: '0,1' };
    const unset = ['PYTHONPATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'CONDA*', 'PIP_*'];
    const steps = [
      { cwd: '/e/musubi tuner', argv: ['/e/venv/bin/python', 'cache.py', '--vae', '/m/v.safetensors'], env },
      { cwd: '/e/musubi tuner', argv: ['/e/venv/bin/accelerate', 'launch', 'train.py', '--network_args', 'a=1', "it's"], env },
    ];
    expect(shellFor('linux')).toBe('posix');
    expect(shellFor('darwin')).toBe('posix');
    expect(stepsScript(steps, unset, 'posix')).toBe(
      [
        "unset PYTHONPATH PYTHONHOME VIRTUAL_ENV $(env | cut -d= -f1 | grep -E '^(CONDA|PIP_)')",
        'export PYTHONUNBUFFERED=1 PYTHONUTF8=1 PYTHONIOENCODING=utf-8 CUDA_VISIBLE_DEVICES=0,1',
        "cd '/e/musubi tuner'",
        '/e/venv/bin/python cache.py --vae /m/v.safetensors',
        '',
        "cd '/e/musubi tuner'",
        "/e/venv/bin/accelerate launch train.py --network_args a=1 'it'\\''s'",
      ].join('\n'),
    );
    const win = [{ cwd: 'C:\\e\\musubi tuner', argv: ['C:\\e\\venv\\Scripts\\python.exe', 'cache.py', '--gpu_ids', '0,1', "it's", '$HOME'], env }];
    expect(shellFor('win32')).toBe('powershell');
    expect(stepsScript(win, unset, 'powershell')).toBe(
      [
        'Remove-Item Env:PYTHONPATH, Env:PYTHONHOME, Env:VIRTUAL_ENV, Env:CONDA*, Env:PIP_* -ErrorAction SilentlyContinue',
        "$env:PYTHONUNBUFFERED = '1'; $env:PYTHONUTF8 = '1'; $env:PYTHONIOENCODING = 'utf-8'; $env:CUDA_VISIBLE_DEVICES = '0,1'",
        "Set-Location 'C:\\e\\musubi tuner'",
        "& C:\\e\\venv\\Scripts\\python.exe cache.py --gpu_ids '0,1' 'it''s' '$HOME'",
      ].join('\n'),
    );
    // A step whose environment differs gets its own lines.
    const other = stepsScript([steps[0]!, { ...steps[1]!, env: { ...env, CUDA_VISIBLE_DEVICES: '1' } }], [], 'posix');
    expect(other.split('\n').filter((l) => l.startsWith('export '))).toHaveLength(2);
    expect(envLines({}, [], 'posix')).toEqual([]);
  });
});
