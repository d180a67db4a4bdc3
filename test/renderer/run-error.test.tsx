// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyFailure, classifyStartFailure, nanLossError } from '../../src/core/training/supervisor/classify';
import { runErrorCauses, type RunError } from '../../src/shared/contract';
import { RunErrorAlert } from '../../src/renderer/features/training/RunErrorAlert';
import { setLang } from '../../src/renderer/i18n';
import './render';

afterEach(() => setLang('en'));

const failed = (line: string, exit = { code: 1, signal: null as string | null }) => classifyFailure([line], exit)!;
const start = { step: 'train', program: '/e/venv/bin/accelerate', cwd: '/e', code: 'ENOENT', message: 'spawn /e/venv/bin/accelerate ENOENT', atelier: false, cwdExists: true, programExists: true };

/** One error of each cause, as the supervisor makes them. */
const ERRORS: RunError[] = [
  failed('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB'),
  failed('RuntimeError: DefaultCPUAllocator: not enough memory: you tried to allocate 1073741824 bytes.'),
  classifyFailure(['steps:  50%'], { code: null, signal: 'SIGKILL' })!,
  failed("ModuleNotFoundError: No module named 'cv2'"),
  failed("ImportError: cannot import name 'x' from 'transformers.models'"),
  failed("UnicodeEncodeError: 'charmap' codec can't encode characters"),
  failed("UnicodeDecodeError: 'utf-8' codec can't decode byte 0x93"),
  failed("FileNotFoundError: [Errno 2] No such file or directory: '/data/cache/x_te.safetensors'"),
  failed("FileNotFoundError: [Errno 2] No such file or directory: '/models/qwen_image_bf16.safetensors'"),
  failed("FileNotFoundError: [Errno 2] No such file or directory: '/data/ds.toml'"),
  failed('steps:  50%| 5/10 [avr_loss=nan]'),
  nanLossError('steps: avr_loss=nan', { nanStep: 120, resumeStep: 100 }),
  nanLossError('steps: avr_loss=nan', { nanStep: null, resumeStep: null }),
  failed("voluptuous.error.MultipleInvalid: extra keys not allowed @ data['datasets'][0]['image_dir']"),
  failed('train_network.py: error: unrecognized arguments: --foo', { code: 2, signal: null }),
  classifyFailure(['RuntimeError: boom'], { code: null, signal: 'SIGSEGV' })!,
  failed('RuntimeError: boom'),
  { kind: 'crash', cause: 'ended_while_closed', details: { exitLost: true }, title: 'The engine ended while Atelier was closed', message: 'Its exit status was lost with the launcher.', fix: 'Resume the run.' },
  classifyStartFailure({ ...start, atelier: true, message: 'ENOSPC: no space left on device' }),
  classifyStartFailure({ ...start, cwdExists: false }),
  classifyStartFailure({ ...start, programExists: false }),
  classifyStartFailure({ ...start, code: 'EACCES' }),
  classifyStartFailure(start),
  classifyStartFailure({ ...start, code: 'E2BIG' }),
  {
    kind: 'preflight',
    cause: 'preflight',
    details: { step: 'train', engine: 'musubi-tuner', engineFolder: null, programs: ['/e/venv/bin/python'], scripts: ['/e/train.py'], fileKeys: ['dit'], filePaths: ['/m/dit.safetensors'] },
    title: 'Pre-flight check failed before train',
    message: 'DiT checkpoint not found: /m/dit.safetensors. Correct it in Training → Engines and models → Model files. /e/venv/bin/python no longer exists…',
    fix: 'Put the model files back where they were…',
  },
];

/** English words outside what is marked to stay as it is, leaving out names Chinese keeps as well. */
function englishOutsideKept(el: Element): string[] {
  const keep = new Set(['Atelier', 'CUDA', 'DiT', 'Python', 'GB', 'NaN', 'RAM', 'TOML', 'Wan']);
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const found: string[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement?.closest('[translate="no"]')) continue;
    found.push(...(n.textContent?.match(/[A-Za-z_]{2,}/g) ?? []).filter((w) => !keep.has(w)));
  }
  return found;
}

function show(error: RunError) {
  const r = render(
    <MantineProvider env="test">
      <RunErrorAlert error={error} />
    </MantineProvider>,
  );
  return { alert: screen.getByTestId('run-error'), unmount: r.unmount };
}

describe('a failed run', () => {
  it('has an error of every cause the contract names in these samples', () => {
    expect(new Set(ERRORS.map((e) => e.cause))).toEqual(new Set(runErrorCauses));
  });

  it("shows the core's English as it is in the English UI", () => {
    const e = ERRORS[0]!;
    const { alert } = show(e);
    expect(alert.textContent).toContain(e.title);
    expect(alert.textContent).toContain(e.fix);
    expect(within(alert).getByTestId('run-error-message').textContent).toBe(e.message);
    expect(within(alert).queryByTestId('original-text')).toBeNull();
  });

  it('says title and fix of every cause in Chinese, the engine line and names as they are, the English one click away', async () => {
    setLang('zh-CN');
    for (const e of ERRORS) {
      const { alert, unmount } = show(e);
      expect(englishOutsideKept(alert), `${e.cause}: ${alert.textContent}`).toEqual([]);
      const kept = Array.from(alert.querySelectorAll('[translate="no"]'), (x) => x.textContent);
      // The engine's own line is data: shown as it is (Atelier's own sentences are translated instead).
      if (!['killed', 'ended_while_closed', 'preflight'].includes(e.cause!)) expect(kept).toContain(e.message);
      else expect(alert.textContent).not.toContain(e.message);
      fireEvent.click(within(alert).getByTestId('original-text'));
      expect((await screen.findByText((_, el) => el?.tagName === 'PRE' && el.textContent === [e.title, e.message, e.fix].join('\n'))).closest('[translate="no"]')).toBeTruthy();
      unmount();
    }
  });

  it('names what each cause names: sizes, modules, paths, steps', () => {
    setLang('zh-CN');
    const text = (i: number) => {
      const { alert, unmount } = show(ERRORS[i]!);
      const t = alert.textContent;
      unmount();
      return t;
    };
    expect(text(0)).toContain('还需要 2.00 GiB。');
    expect(text(3)).toContain('引擎环境中没有安装 Python 包“cv2”');
    expect(text(3)).toContain('<engine python> -m pip install opencv-python');
    expect(text(8)).toContain('找不到模型文件：/models/qwen_image_bf16.safetensors');
    expect(text(11)).toContain('损失在第 120 步变成了 NaN');
    expect(text(11)).toContain('“继续”会从第 100 步接着训练');
    expect(text(12)).toContain('无法继续');
    expect(text(16)).toContain('引擎以退出码 1 停止');
    expect(text(24)).toContain('找不到DiT 权重：/m/dit.safetensors。');
    expect(text(24)).toContain('/e/venv/bin/python 已不存在。');
  });

  it('stored before causes were named, still reads in Chinese by its kind', () => {
    setLang('zh-CN');
    const { alert } = show({ kind: 'cuda_oom', title: 'The GPU ran out of memory', message: 'torch.OutOfMemoryError', fix: 'Lower the batch size.' });
    expect(alert.textContent).toContain('显卡显存不足');
    expect(englishOutsideKept(alert)).toEqual([]);
  });
});
