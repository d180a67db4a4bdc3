// @vitest-environment jsdom
import { join } from 'node:path';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ProvidersInfo } from '../../src/shared/contract';
import { ProviderBadge } from '../../src/renderer/features/tagger/ModelCard';
import { useTaggerUi } from '../../src/renderer/features/tagger/tagger-ui';
import { FIXTURES } from '../helpers/tmp';
import { DYNAMIC } from '../tagger/fixture-dataset';
import { harness } from './memory-studio';
import { renderWithStudio } from './render';

/** What the probe says of a machine with an NVIDIA GPU whose CUDA provider cannot start. */
const probed: ProvidersInfo = {
  platform: 'linux',
  autoOrder: ['cuda', 'cpu'],
  best: 'cpu',
  providers: [
    { name: 'cuda', label: 'CUDA', available: false, bundled: false, reason: 'The CUDA provider library is not installed.' },
    { name: 'cpu', label: 'CPU', available: true, bundled: true, reason: null },
  ],
  gpuName: 'NVIDIA GeForce RTX 4090',
  gpuExpected: true,
  autoWarning: 'The CUDA provider library is not installed.',
};

describe('the tagger provider badge', () => {
  it('warns under auto when this computer has a GPU that tagging will not use, with the reason', async () => {
    const h = harness();
    await h.studio.init();
    await h.studio.app.getState().createDataset('p');
    useTaggerUi.getState().set({ provider: 'auto', modelId: 'some-model' });
    renderWithStudio(<ProviderBadge providers={probed} modelId="some-model" />, h.studio);
    expect(screen.getByTestId('tagger-provider').textContent).toBe('CPU');
    expect(screen.getByTestId('tagger-provider').dataset.from).toBe('probe');
    expect(screen.getByTestId('tagger-fallback').textContent).toMatch(/has a GPU.*No GPU provider could start.*CUDA provider library is not installed/s);
  });

  it('shows the provider the last run really used, and its warning', async () => {
    const h = harness();
    await h.studio.init();
    const d = await h.studio.app.getState().createDataset('q');
    h.core.db.prepare(`INSERT INTO items (dataset_id, rel_path, abs_path, status, media) VALUES (?, 'a.png', ?, 'ready', 'image')`).run(d.id, join(FIXTURES, 'anime', 'renpy_lucy_mad.png'));
    useTaggerUi.getState().set({ provider: 'auto', modelId: 'local-wd-test-dynamic' });
    // A probe that (wrongly) promised a GPU: the real session's answer wins once a run has finished.
    const promised: ProvidersInfo = { ...probed, best: 'cuda', providers: probed.providers.map((p) => ({ ...p, available: true, reason: null })), autoWarning: null };
    renderWithStudio(<ProviderBadge providers={promised} modelId="local-wd-test-dynamic" />, h.studio);
    expect(screen.getByTestId('tagger-provider').textContent).toBe('GPU: NVIDIA GeForce RTX 4090');
    await h.conn.client.call('tagger.run', { datasetId: d.id, model: DYNAMIC, provider: 'cuda' });
    await waitFor(() => expect(screen.getByTestId('tagger-provider').dataset.from).toBe('last-run'), { timeout: 30_000 });
    expect(screen.getByTestId('tagger-provider').textContent).toBe('CPU');
    expect(screen.getByText('Last run on')).toBeTruthy();
    expect(screen.getByTestId('tagger-fallback').textContent).toMatch(/Asked for CUDA, ran on CPU\. CUDA: /);
  });
});
