import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createAtelier } from '../../src/core/app';
import { atelier } from '../cli/run-cli';
import { FIXTURES, SHARED, tmpDir } from '../helpers/tmp';
import { COMMIT_A, startFakeHf, type FakeHf } from '../models/hf-server';
import { hasChromium, launchBrowser, openPage, screenshotter } from './helpers/browser';
import { startHost, type RunningHost } from './helpers/host';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { englishLeft } from './helpers/text-check';

// A catalog model whose files the local Hugging Face stand-in serves: the small WD-interface test model.
const REPO = 'SmilingWolf/wd-swinv2-tagger-v3';
const MODEL_DIR = join(SHARED, 'models', 'tagger-test', 'wd-test-dynamic');

/** The tagger as a person uses it, in real Chromium against `atelier serve`: download a model, tag the dataset,
 * move a threshold (tags change with no new job), remove a model tag by hand (it stays removed). Screenshots
 * go to test-results/e2e/tagger/. */
describe('tagger (Chromium, headless host)', () => {
  let hf: FakeHf;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let shot: (name: string) => Promise<string>;

  beforeAll(async () => {
    if (!hasChromium()) throw new Error('Chromium is missing: install it (`apt-get install -y chromium`) or set CHROMIUM_PATH.');
    ensureRendererBuilt();
    hf = await startFakeHf({
      commit: COMMIT_A,
      // Slow enough to see the download's progress bar.
      chunkPerTick: 512,
      files: [
        { repo: REPO, name: 'model.onnx', data: readFileSync(join(MODEL_DIR, 'model.onnx')), lfs: true },
        { repo: REPO, name: 'selected_tags.csv', data: readFileSync(join(MODEL_DIR, 'selected_tags.csv')) },
      ],
    });
    const data = tmpDir('atelier-e2e-tagger-');
    const app = createAtelier({ dataDir: data, host: 'memory', startJobs: false });
    app.settings.update({ hfEndpoint: hf.endpoint });
    await app.close();
    const imported = await atelier(data, ['import', join(FIXTURES, 'anime'), join(FIXTURES, 'negatives'), '--dataset', 'Sprites']);
    expect(imported.code, imported.stderr).toBe(0);
    host = await startHost(data);
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, host.url));
    shot = screenshotter(page, 'tagger');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await hf?.close();
  });

  const tagJobs = () => page.locator('[data-testid=job][data-kind=tag]');
  /** Clicks the slider's track where `value` sits (0.02..1): one change, applied when the pointer lets go. */
  const setSlider = async (testId: string, value: number) => {
    const box = (await page.getByTestId(testId).boundingBox())!;
    await page.mouse.click(box.x + box.width * ((value - 0.02) / 0.98), box.y + box.height / 2);
  };
  const yieldText = () => page.getByTestId('tagger-yield').innerText();

  it('downloads a model from the local server and tags the dataset', async () => {
    await page.getByTestId('dataset-row').filter({ hasText: 'Sprites' }).click();
    await page.getByTestId('page-tagger').click();
    await page.getByTestId('tagger-page').waitFor();
    await page.getByTestId('tagger-model').click();
    await page.getByRole('option', { name: /WD SwinV2 v3/ }).click();
    await page.getByTestId('tagger-provider').waitFor();
    await shot('model-chosen');
    await page.getByTestId('tagger-download').click();
    await page.getByTestId('tagger-download-progress').waitFor();
    await shot('downloading');
    await page.waitForFunction(() => !document.querySelector('[data-testid=tagger-run]')?.hasAttribute('disabled'), null, { timeout: 60_000 });
    expect(await page.getByTestId('tagger-model').inputValue()).toMatch(/downloaded/);

    await page.getByTestId('tagger-run').click();
    await page.getByTestId('tagger-last-run').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('tagger-last-run').innerText()).toMatch(/15 pictures scored on CPU/);
    // The badge now tells what the run's session really ran on, not the probe's guess.
    await page.locator('[data-testid=tagger-provider][data-from=last-run]').waitFor();
    expect(await page.getByTestId('tagger-provider').innerText()).toBe('CPU');
    await page.getByTestId('tagger-selection-card').waitFor();
    await page.locator('[data-testid=tagger-tag-row]').first().waitFor();
    expect(await tagJobs().count()).toBe(1);
    await shot('tagged');
  });

  it('changes the tags when the general threshold moves, without a new job', async () => {
    const before = await yieldText();
    await setSlider('tagger-general-slider', 0.15);
    await page.waitForFunction((b) => document.querySelector('[data-testid=tagger-yield]')?.textContent !== b, before);
    await page.getByTestId('tagger-applied').waitFor();
    const after = await yieldText();
    const count = (s: string) => Number(/^([\d,]+) tags/.exec(s)![1]!.replace(/,/g, ''));
    expect(count(after)).toBeGreaterThan(count(before));
    expect(Number(await page.getByTestId('tagger-general-value').innerText())).toBeCloseTo(0.15, 1);
    expect(await tagJobs().count()).toBe(1);
    await shot('threshold-lowered');
  });

  it('keeps a model tag the user removed by hand removed when the threshold moves again', async () => {
    await page.getByTestId('page-library').click();
    await page.locator('[data-testid=tile]').first().click();
    const panel = page.getByTestId('item-panel');
    const chip = panel.locator('[data-testid=tag-chip][data-model]').first();
    await chip.waitFor();
    const removed = await chip.locator('.chip-text').innerText();
    const chipsBefore = await panel.locator('[data-testid=tag-chip]').count();
    await chip.locator('.chip-x').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=item-panel] [data-testid=tag-chip]').length === n - 1, chipsBefore);
    await panel.getByTestId('tagger-suppressed').getByText(removed, { exact: true }).waitFor();
    await shot('removed-by-hand');

    await page.getByTestId('page-tagger').click();
    const before = await yieldText();
    await setSlider('tagger-general-slider', 0.05);
    await page.waitForFunction((b) => document.querySelector('[data-testid=tagger-yield]')?.textContent !== b, before);
    await page.getByTestId('tagger-applied').waitFor();
    await shot('threshold-lowered-again');

    await page.getByTestId('page-library').click();
    await panel.locator('[data-testid=tag-chip]').first().waitFor();
    const chips = await panel.locator('[data-testid=tag-chip] .chip-text').allInnerTexts();
    expect(chips.length).toBeGreaterThanOrEqual(chipsBefore - 1);
    expect(chips).not.toContain(removed);
    await panel.getByTestId('tagger-scores').hover();
    await shot('item-scores');
    expect(await tagJobs().count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('is fully translated in 简体中文', async () => {
    for (const close of await page.locator('.mantine-Notification-root .mantine-CloseButton-root').all()) await close.click().catch(() => undefined);
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-language').getByText('简体中文').click();
    await page.keyboard.press('Escape');
    await page.locator('.mantine-Modal-content').waitFor({ state: 'detached' });
    await page.getByTestId('tagger-scores').waitFor();
    expect(await englishLeft(page, ['MCut'])).toEqual([]);
    await shot('item-scores-zh');
    await page.getByTestId('page-tagger').click();
    await page.getByTestId('tagger-selection-card').waitFor();
    expect(await englishLeft(page, ['MCut'])).toEqual([]);
    await shot('tagger-zh');
  });

  it('says in Chinese why a run asked for CUDA ran on the CPU', async () => {
    await page.getByTestId('tagger-provider-select').click();
    await page.getByRole('option', { name: 'CUDA', exact: true }).click();
    await page.getByTestId('tagger-run').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=job][data-kind=tag][data-status=done]').length === 2, null, { timeout: 60_000 });
    await page.getByTestId('tagger-last-run').waitFor();
    // Where CUDA does run (a GPU machine), there is nothing to warn about.
    if ((await page.getByTestId('tagger-provider').innerText()) !== 'CPU') return;
    const warning = page.getByTestId('tagger-run-fallback');
    expect(await warning.innerText()).toMatch(/要求使用 CUDA，实际运行于 CPU。CUDA：/);
    const left = await englishLeft(page, ['MCut']);
    expect(left, left.join('\n')).toEqual([]);
    await shot('fallback-zh');
    await warning.getByTestId('original-text').click();
    await page.locator('.mantine-Popover-dropdown:visible').filter({ hasText: /^CUDA: / }).waitFor();
    await shot('fallback-original');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });

  it('fits the tag table at 1440×900 and 1024×700 in both languages, and keeps notifications off its search field', async () => {
    const setLanguage = async (name: 'English' | '简体中文') => {
      await page.getByTestId('open-settings').click();
      await page.getByTestId('settings-language').getByText(name).click();
      await page.keyboard.press('Escape');
      await page.locator('.mantine-Modal-content').waitFor({ state: 'detached' });
    };
    for (const lang of ['简体中文', 'English'] as const) {
      await setLanguage(lang);
      for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
        await page.setViewportSize({ width, height });
        await page.locator('[data-testid=tagger-tag-row]').first().waitFor();
        // A notification up (a model folder that is not one), as after any action.
        if (!(await page.getByTestId('tagger-folder').isVisible())) await page.getByTestId('tagger-add-folder').click();
        await page.getByTestId('tagger-folder').fill('/no/such/model');
        await page.getByTestId('tagger-folder-add').click();
        await page.locator('.mantine-Notification-root').first().waitFor();
        const fit = await page.evaluate(() => {
          const table = document.querySelector('[data-testid=tagger-tag-table] table')!;
          const scroller = table.parentElement!;
          const lines = (el: Element) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight));
          const headers = Array.from(table.querySelectorAll('th'), (th) => ({ text: th.textContent ?? '', cut: th.scrollWidth > th.clientWidth, lines: th.textContent ? lines(th.querySelector('p') ?? th) : 1 }));
          const wrapped = Array.from(table.querySelectorAll('[data-testid=tagger-tag-row] td:first-child p'), (p) => ({ tag: p.textContent ?? '', lines: lines(p) })).filter((x) => x.lines > 1);
          const search = document.querySelector('[data-testid=tagger-tag-search]')!.getBoundingClientRect();
          const covering = Array.from(document.querySelectorAll('.mantine-Notification-root'), (n) => n.getBoundingClientRect()).filter(
            (r) => r.left < search.right && r.right > search.left && r.top < search.bottom && r.bottom > search.top,
          );
          const tagColumn = table.querySelector('th')!.getBoundingClientRect().width;
          return { overflow: scroller.scrollWidth - scroller.clientWidth, headers: headers.filter((h) => h.cut || h.lines > 1), wrapped, tagColumn, covered: covering.length };
        });
        await shot(`table-${lang === 'English' ? 'en' : 'zh'}-${width}`);
        const at = `${lang} ${width}×${height}`;
        expect(fit.overflow, at).toBeLessThanOrEqual(0);
        // No header cut; where the window is narrow they may wrap between words.
        expect(fit.headers.filter((h) => h.cut || width > 1200), at).toEqual([]);
        expect(fit.wrapped, at).toEqual([]);
        // The tag column has the spare width: room for a usual tag, not a sliver.
        expect(fit.tagColumn, at).toBeGreaterThan(width > 1200 ? 300 : 120);
        expect(fit.covered, at).toBe(0);
        // Typing reaches the search field while the notification shows.
        await page.getByTestId('tagger-tag-search').fill('hair', { timeout: 2000 });
        await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid=tagger-tag-row]')).every((r) => r.textContent?.includes('hair')));
        await shot(`table-${lang === 'English' ? 'en' : 'zh'}-${width}-search`);
        await page.getByTestId('tagger-tag-search').fill('');
        for (const close of await page.locator('.mantine-Notification-root .mantine-CloseButton-root').all()) await close.click().catch(() => undefined);
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
