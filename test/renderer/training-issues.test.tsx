// @vitest-environment jsdom
// The New run page's pre-flight results and the doctor's checks, in both languages: every cause the core can emit
// (made by the core's own functions) is said in Chinese with no English left but names kept as they are (marked
// translate="no"), the core's English one click away; the English UI shows the core's sentences as they are.
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorCheckCodes, installStages, planIssueCodes, type DoctorCheck, type PlanIssueShape } from '../../src/shared/contract';
import { installPlan } from '../../src/core/training/engines-setup';
import { PartsText } from '../../src/renderer/app/CoreText';
import { installStageZh } from '../../src/renderer/features/training/install-text';
import { formParams, getModel } from '../../src/core/training/registry';
import { DoctorReport } from '../../src/renderer/features/training/DoctorReport';
import { PreflightIssues } from '../../src/renderer/features/training/PreflightIssues';
import { setLang } from '../../src/renderer/i18n';
import { UNTRANSLATED } from '../e2e/helpers/text-check';
import { doctorCheckSamples, planIssueSamples } from '../training/issue-samples';
import './render';

afterEach(() => setLang('en'));

/** Names the Chinese labels of the parameters keep (the form shows them so too), besides the studio's own. */
const KEPT = new Set([
  ...UNTRANSLATED, 'DiT', 'UNet', 'VAE', 'CLIP', 'Wan', 'Qwen', 'VL', 'XXL', 'umT', 'FP', 'fp', 'bf', 'SDPA', 'PyTorch', 'Python', 'xformers',
  'dim', 'alpha', 'Alpha', 'Dropout', 'dropout', 'FLUX', 'SageAttention', 'FlashAttention',
]);

/** English words outside what is marked to stay as it is. */
function englishOutsideKept(el: Element): string[] {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const found: string[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement?.closest('[translate="no"]')) continue;
    found.push(...(n.textContent?.match(/[A-Za-z][A-Za-z'-]+/g) ?? []).filter((w) => !KEPT.has(w)));
  }
  return found;
}

const ui = (node: React.ReactNode) => render(<MantineProvider env="test">{node}</MantineProvider>);

const issues = planIssueSamples();
const checks = doctorCheckSamples();
const params = [...new Map(['qwen_image', 'sdxl_lora', 'flux1_lora', 'Wan_2_1', 'Wan_2_2'].flatMap((t) => formParams(getModel(t))).map((p) => [p.key, p])).values()];

function showIssue(issue: PlanIssueShape) {
  const r = ui(<PreflightIssues issues={[issue]} params={params} />);
  return { alert: screen.getByTestId(`issue-${issue.severity}`), unmount: r.unmount };
}

function showCheck(check: DoctorCheck) {
  const r = ui(<DoctorReport report={{ engine: 'musubi-tuner', ok: false, checks: [check], gpus: [] }} />);
  return { alert: screen.getByTestId(`check-${check.id}`), unmount: r.unmount };
}

/** Opens the 原文 popover and returns its text, which is kept as it is. */
async function original(alert: HTMLElement): Promise<string> {
  fireEvent.click(within(alert).getByTestId('original-text'));
  const pre = await screen.findByText((_, el) => el?.tagName === 'PRE');
  expect(pre.closest('[translate="no"]')).toBeTruthy();
  return pre.textContent ?? '';
}

describe('pre-flight issues', () => {
  it('has a sample of every code the core can emit, each with its English message', () => {
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(planIssueCodes));
    for (const i of issues) expect(i.message, i.code).toMatch(/[A-Za-z]{3}/);
  });

  it("shows the core's English as it is in the English UI, after the setting's label", () => {
    const i = issues.find((x) => x.code === 'value_max' && x.key === 'noise_offset') ?? issues.find((x) => x.code === 'value_min')!;
    const { alert } = showIssue(i);
    expect(alert.textContent).toContain(i.message);
    expect(alert.textContent).toContain(`${params.find((p) => p.key === i.key)!.label}: `);
    expect(within(alert).queryByTestId('original-text')).toBeNull();
  });

  it('says every code in Chinese, names and paths as they are, the English one click away', async () => {
    setLang('zh-CN');
    for (const i of issues) {
      const { alert, unmount } = showIssue(i);
      expect(englishOutsideKept(alert), `${i.code}: ${alert.textContent}`).toEqual([]);
      expect(alert.textContent!.replace(/原文/, '').trim(), i.code).not.toBe('');
      expect(await original(alert), i.code).toBe(i.message);
      unmount();
    }
  });

  it("names the setting by its Chinese label and quotes the issue's names and numbers", () => {
    setLang('zh-CN');
    const text = (code: string, key?: string) => {
      const { alert, unmount } = showIssue(issues.find((i) => i.code === code && (!key || i.key === key))!);
      const t = alert.textContent;
      unmount();
      return t;
    };
    expect(text('model_file_missing')).toMatch(/^DiT 权重：找不到文件 .*gone\.safetensors。/);
    expect(text('max_blocks')).toContain('Qwen-Image DiT (60 blocks) 最多只能交换 59 个块');
    expect(text('dataset_kind')).toContain('只训练图片数据集；“Faces”是视频数据集。适用于它的模型：Wan_2_1、Wan_2_2。');
    expect(text('bare_items')).toContain('2 个训练条目中有 1 个既没有标注也没有标签，将以提示词“Faces”训练。');
    expect(text('toml_target_frames')).toContain('数据集配置 datasets[3].target_frames[1]：target_frames 必须是 N*4+1 的形式（1、5、9 … 81）；24 会被截成 21，请用 21 或 25。');
    expect(text('fp8_scaled_needs_base')).toContain('“缩放 FP8”需要“FP8 基础模型”');
  });
});

describe('doctor checks', () => {
  it('has a sample of every finding the doctor can report', () => {
    expect(new Set(checks.map((c) => c.code))).toEqual(new Set(doctorCheckCodes));
  });

  it("shows the core's English as it is in the English UI", () => {
    const c = checks.find((x) => x.code === 'torch_cpu_build')!;
    const { alert } = showCheck(c);
    expect(alert.textContent).toContain(`${c.title}: ${c.detail}`);
    expect(alert.textContent).toContain(c.fix);
    expect(within(alert).queryByTestId('original-text')).toBeNull();
  });

  it('says title, detail and fix of every finding in Chinese, commands and paths as they are', async () => {
    setLang('zh-CN');
    for (const c of checks) {
      const { alert, unmount } = showCheck(c);
      expect(englishOutsideKept(alert), `${c.code}: ${alert.textContent}`).toEqual([]);
      const fix = c.status !== 'ok' && c.fix ? [c.fix] : [];
      expect(await original(alert), c.code).toBe([`${c.title}: ${c.detail}`, ...fix].join('\n'));
      unmount();
    }
  });

  it('keeps the commands of a fix whole, to copy', () => {
    setLang('zh-CN');
    const c = checks.find((x) => x.code === 'imports_failed')!;
    const { alert } = showCheck(c);
    const kept = Array.from(alert.querySelectorAll('[translate="no"]'), (x) => x.textContent);
    expect(kept).toContain('/e/musubi-tuner/venv/bin/python -m pip install -e .');
    expect(kept).toContain('/e/musubi-tuner/venv/bin/python -m pip install torch torchvision --index-url https://download.pytorch.org/whl/cu128');
    expect(kept).toContain('/e/musubi-tuner/venv/bin/python -m pip install tensorboard');
    expect(alert.textContent).toContain('引擎导入');
  });
});

describe('engine install', () => {
  it('names every stage of an install in Chinese, its names as they are', () => {
    const plans = (['musubi-tuner', 'sd-scripts'] as const).flatMap((engine) =>
      [true, false].flatMap((existing) => installPlan({ engine, dir: '/e/x', source: 's', commit: 'c0ffee1234', existing, uv: null, basePython: 'python3', torch: 'cu128' }).commands),
    );
    const stages = [...plans, { stage: 'installed' as const, details: {} }];
    expect(new Set(stages.map((s) => s.stage))).toEqual(new Set(installStages));
    for (const s of stages) {
      const r = ui(<span data-testid="stage"><PartsText parts={installStageZh(s)} /></span>);
      const el = screen.getByTestId('stage');
      expect(englishOutsideKept(el), `${s.stage}: ${el.textContent}`).toEqual([]);
      expect(el.textContent).toMatch(/[\u4e00-\u9fff]/);
      r.unmount();
    }
  });
});
