// @vitest-environment jsdom
import { join } from 'node:path';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnoseProviderFailure } from '../../src/core/inference';
import { idleProviderProblem } from '../../src/core/inference/providers';
import { providerReason } from '../../src/renderer/features/tagger/provider-text';
import { CUDA_INSTALL_HINT, providerProblemCodes, type ProvidersInfo } from '../../src/shared/contract';
import { setLang } from '../../src/renderer/i18n';
import { ProviderBadge } from '../../src/renderer/features/tagger/ModelCard';
import { useTaggerUi } from '../../src/renderer/features/tagger/tagger-ui';
import { FIXTURES } from '../helpers/tmp';
import { DYNAMIC } from '../tagger/fixture-dataset';
import { harness } from './memory-studio';
import { renderWithStudio } from './render';

const LIBRARY = 'libonnxruntime_providers_cuda.so';
const noLibrary = diagnoseProviderFailure('cuda', 'Failed to load shared library', { platform: 'linux', compiledIn: true, libraryPresent: false, libraryName: LIBRARY, nvidiaDriver: true });

/** What the probe says of a machine with an NVIDIA GPU whose CUDA provider cannot start. */
const probed: ProvidersInfo = {
  platform: 'linux',
  autoOrder: ['cuda', 'cpu'],
  best: 'cpu',
  providers: [
    { name: 'cuda', label: 'CUDA', available: false, bundled: false, reason: noLibrary.message, problem: noLibrary },
    { name: 'cpu', label: 'CPU', available: true, bundled: true, reason: null, problem: null },
  ],
  gpuName: 'NVIDIA GeForce RTX 4090',
  gpuExpected: true,
  autoWarning: noLibrary.message,
  autoProblem: noLibrary,
};

afterEach(() => setLang('en'));

describe('the tagger provider badge', () => {
  it('warns under auto when this computer has a GPU that tagging will not use, with the reason', async () => {
    const h = harness();
    await h.studio.init();
    await h.studio.app.getState().createDataset('p');
    useTaggerUi.getState().set({ provider: 'auto', modelId: 'some-model' });
    renderWithStudio(<ProviderBadge providers={probed} modelId="some-model" />, h.studio);
    expect(screen.getByTestId('tagger-provider').textContent).toBe('CPU');
    expect(screen.getByTestId('tagger-provider').dataset.from).toBe('probe');
    expect(screen.getByTestId('tagger-fallback').textContent).toMatch(/has a GPU.*No GPU provider could start.*CUDA provider library \(libonnxruntime_providers_cuda\.so\) is not installed/s);
    expect(screen.queryByTestId('original-text')).toBeNull();
  });

  it('says the reason in Chinese by its cause, names and commands as they are, the English one click away', async () => {
    const h = harness();
    await h.studio.init();
    await h.studio.app.getState().createDataset('p');
    useTaggerUi.getState().set({ provider: 'cuda', modelId: 'some-model' });
    setLang('zh-CN');
    renderWithStudio(<ProviderBadge providers={probed} modelId="some-model" />, h.studio);
    const warning = screen.getByTestId('tagger-fallback');
    expect(warning.textContent).toContain('要求使用 CUDA，实际运行于 CPU。');
    expect(warning.textContent).toContain('CUDA：没有安装 CUDA 运行库（libonnxruntime_providers_cuda.so）。请用 npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12 安装');
    expect(warning.textContent).not.toContain('is not installed');
    // What stays as it is is marked so; the rest is translated.
    const kept = Array.from(warning.querySelectorAll('[translate="no"]'), (e) => e.textContent);
    expect(kept).toEqual(expect.arrayContaining([LIBRARY, CUDA_INSTALL_HINT]));
    fireEvent.click(within(warning).getByTestId('original-text'));
    expect((await screen.findByText(noLibrary.message)).closest('[translate="no"]')).toBeTruthy();
  });

  it('shows the provider the last run really used, and its warning', async () => {
    const h = harness();
    await h.studio.init();
    const d = await h.studio.app.getState().createDataset('q');
    h.core.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status, media) VALUES (?, 'a.png', ?, 'ready', 'image')`).run(d.id, join(FIXTURES, 'anime', 'renpy_lucy_mad.png'));
    useTaggerUi.getState().set({ provider: 'auto', modelId: 'local-wd-test-dynamic' });
    // A probe that (wrongly) promised a GPU: the real session's answer wins once a run has finished.
    const promised: ProvidersInfo = { ...probed, best: 'cuda', providers: probed.providers.map((p) => ({ ...p, available: true, reason: null, problem: null })), autoWarning: null, autoProblem: null };
    renderWithStudio(<ProviderBadge providers={promised} modelId="local-wd-test-dynamic" />, h.studio);
    expect(screen.getByTestId('tagger-provider').textContent).toBe('GPU: NVIDIA GeForce RTX 4090');
    await h.conn.client.call('tagger.run', { datasetId: d.id, model: DYNAMIC, provider: 'cuda' });
    await waitFor(() => expect(screen.getByTestId('tagger-provider').dataset.from).toBe('last-run'), { timeout: 30_000 });
    expect(screen.getByTestId('tagger-provider').textContent).toBe('CPU');
    expect(screen.getByText('Last run on')).toBeTruthy();
    expect(screen.getByTestId('tagger-fallback').textContent).toMatch(/Asked for CUDA, ran on CPU\. CUDA: /);
    // The run's result names the cause too, so it reads in Chinese.
    act(() => setLang('zh-CN'));
    expect(screen.getByTestId('tagger-fallback').textContent).toMatch(/要求使用 CUDA，实际运行于 CPU。CUDA：(这台电脑上找不到 NVIDIA 显卡驱动|没有安装 CUDA 运行库)/);
  });

  it('has a Chinese sentence for every cause, with only names and commands left as they are', () => {
    const facts = { platform: 'linux' as const, compiledIn: true, libraryPresent: true, libraryName: LIBRARY, nvidiaDriver: true };
    const problems = [
      diagnoseProviderFailure('cuda', '', { ...facts, compiledIn: false }),
      diagnoseProviderFailure('dml', '', { ...facts, compiledIn: false }),
      diagnoseProviderFailure('cuda', '', { ...facts, nvidiaDriver: false, libraryPresent: false }),
      diagnoseProviderFailure('cuda', '', { ...facts, libraryPresent: false }),
      diagnoseProviderFailure('tensorrt', 'Failed to load library libnvinfer.so.10', facts),
      diagnoseProviderFailure('cuda', 'CUDA failure 100: no CUDA-capable device', facts),
      diagnoseProviderFailure('dml', 'x', { ...facts, platform: 'win32' }),
      idleProviderProblem('coreml', 'darwin'),
    ];
    expect(new Set(problems.map((p) => p.code))).toEqual(new Set(providerProblemCodes));
    for (const p of problems) {
      const said = providerReason(p.message, [p], 'zh-CN');
      const words = said.message.flatMap((part) => (typeof part === 'string' ? (part.match(/[A-Za-z]{2,}/g) ?? []) : []));
      expect(words.filter((w) => w !== 'Atelier'), JSON.stringify(said.message)).toEqual([]);
      expect(said.original).toBe(p.message);
      if (p.onnxruntime) expect(said.message).toContainEqual({ verbatim: p.onnxruntime });
    }
  });
});
