// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/shared/contract';
import { RunCard } from '../../src/renderer/features/tagger/RunCard';
import { setLang } from '../../src/renderer/i18n';
import { harness } from './memory-studio';
import { renderWithStudio } from './render';

afterEach(() => setLang('en'));

/** English words in an element's text outside what is marked to stay as it is (translate="no"). */
function englishOutsideKept(el: Element): string[] {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const found: string[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement?.closest('[translate="no"]')) continue;
    found.push(...(n.textContent?.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !['CPU', 'CUDA'].includes(w)));
  }
  return found;
}

const UNSUPPORTED = 'The model gives 10 scores but its selected_tags.csv lists 64 tags; they do not belong together.';

async function cardWith(job: Partial<Job>) {
  const h = harness();
  await h.studio.init();
  const d = await h.studio.app.getState().createDataset('r');
  const base: Job = {
    id: 1, kind: 'tag', status: 'running', title: 'Tag', datasetId: d.id, done: 1, total: 4, unit: 'pictures', rate: null, etaSeconds: null,
    message: null, errorCount: 0, error: null, result: null, createdAt: '', startedAt: null, finishedAt: null,
  };
  h.studio.jobs.setState({ jobs: [{ ...base, ...job }] });
  renderWithStudio(<RunCard model={null} />, h.studio);
}

describe('the tagger run card', () => {
  it('says why a run failed in the UI language, with the core English one click away', async () => {
    await cardWith({ status: 'failed', error: { code: 'UNSUPPORTED', message: UNSUPPORTED } });
    expect(screen.getByTestId('tagger-run-error').textContent).toContain(UNSUPPORTED);
    act(() => setLang('zh-CN'));
    const alert = screen.getByTestId('tagger-run-error');
    expect(alert.textContent).toContain('打标签失败');
    expect(alert.textContent).toContain('此处不支持该文件类型或操作。');
    expect(englishOutsideKept(alert)).toEqual([]);
    fireEvent.click(within(alert).getByTestId('original-text'));
    expect((await screen.findByText(UNSUPPORTED)).closest('[translate="no"]')).toBeTruthy();
  });

  it("shows the core's progress note as it is in English, and behind 原文 in Chinese", async () => {
    const note = 'Tagging on CPU (fallback). CUDA: The CUDA provider library is not installed.';
    await cardWith({ message: note });
    expect(screen.getByTestId('tagger-progress-note').textContent).toBe(note);
    act(() => setLang('zh-CN'));
    const shown = screen.getByTestId('tagger-progress-note');
    expect(shown.textContent).toMatch(/^正在打标签…/);
    expect(englishOutsideKept(shown)).toEqual([]);
    fireEvent.click(within(shown).getByTestId('original-text'));
    expect((await screen.findByText(note)).closest('[translate="no"]')).toBeTruthy();
  });
});
