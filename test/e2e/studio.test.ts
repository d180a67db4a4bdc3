import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FIXTURES, tmpDir } from '../helpers/tmp';
import { hasChromium, launchBrowser, openPage, screenshotter } from './helpers/browser';
import { dropFolder } from './helpers/drop';
import { startHost, type RunningHost } from './helpers/host';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { englishInTooltips, englishLeft } from './helpers/text-check';

/** Every file under the fixture folder. */
function fixtureFiles(dir = FIXTURES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? fixtureFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The studio as a person uses it, in real Chromium against `atelier serve`: each step leaves a screenshot in
 * test-results/e2e/studio/. */
describe('studio window (Chromium, headless host)', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let shot: (name: string) => Promise<string>;
  let imported = 0;
  // Items that are in the dataset but cannot be read (not exported).
  let unreadable = 0;
  const outDir = join(tmpDir('atelier-e2e-out-'), 'export');
  // Linked (and watched) by a step, and read again by the later ones: it lives as long as the file.
  const extraDir = join(tmpDir('atelier-e2e-bad-'), 'extra');

  beforeAll(async () => {
    if (!hasChromium()) throw new Error('Chromium is missing: install it (`apt-get install -y chromium`) or set CHROMIUM_PATH.');
    ensureRendererBuilt();
    host = await startHost(tmpDir('atelier-e2e-'));
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, host.url));
    shot = screenshotter(page, 'studio');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  // A failed step must not leave a dialog over the window for the next one.
  afterEach(async () => {
    for (let i = 0; i < 3 && (await page.locator('.mantine-Modal-content').count()) > 0; i++) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
    }
  });

  // The grid is virtualized: only tiles on screen exist, so totals are read from the status bar.
  const tiles = () => page.locator('[data-testid=tile]');
  const waitCount = (text: string) => page.waitForFunction((t) => document.querySelector('[data-testid=count]')?.textContent === t, text);
  const statusCount = () => page.getByTestId('count').innerText();

  /** At each window size: no toolbar control outside the toolbar or with its text cut, the gallery a tile wide
   * at least, the panels beside it; the toolbar folds more (data-fold) as the window narrows. */
  const fitsWindows = async (label: string, sizes: readonly (readonly [number, number])[] = [[1440, 900], [1280, 800], [1024, 700], [880, 600]]) => {
    let folded = 0;
    for (const [width, height] of sizes) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      const problems = await page.evaluate(() => {
        const bad: string[] = [];
        const bar = document.querySelector('.toolbar')!.getBoundingClientRect();
        const measure = document.createElement('canvas').getContext('2d')!;
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('.toolbar button, .toolbar select, .toolbar input, .toolbar .toolbar-title, .toolbar .mantine-Slider-root'))) {
          const r = el.getBoundingClientRect();
          if (r.width === 0) continue;
          const name = el.dataset.testid ?? el.getAttribute('aria-label') ?? el.textContent ?? el.tagName;
          if (r.left < bar.left - 0.5 || r.right > bar.right + 0.5) bad.push(`${name}: outside the toolbar`);
          // Text cut off by its own box (a label; the dataset's name narrower than it gives way to: a long one
          // ends in … there, its whole text in its tooltip).
          for (const t of [el, ...Array.from(el.querySelectorAll<HTMLElement>('*'))]) {
            const cs = getComputedStyle(t);
            const atMost = t.classList.contains('toolbar-title') && r.width >= Math.min(parseFloat(cs.maxWidth), Number(t.dataset.shrinksTo)) - 0.5;
            if (t.scrollWidth > t.clientWidth + 1 && cs.overflowX !== 'visible' && !atMost) bad.push(`${name}: text cut`);
          }
          if (el instanceof HTMLSelectElement) {
            const cs = getComputedStyle(el);
            measure.font = cs.font;
            const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
            if (measure.measureText(el.selectedOptions[0]?.text ?? '').width > room) bad.push(`${name}: "${el.selectedOptions[0]?.text}" cut`);
          }
        }
        const gallery = document.querySelector('[data-testid=gallery]')!.getBoundingClientRect();
        const tile = document.querySelector('[data-testid=tile]')!.getBoundingClientRect();
        if (tile.right > gallery.right + 0.5 || tile.width > gallery.width) bad.push(`gallery ${gallery.width} px narrower than a tile (${tile.width} px)`);
        for (const side of ['[data-testid=item-panel]', '[data-testid=tag-panel]']) {
          const p = document.querySelector(side)?.getBoundingClientRect();
          if (p && p.left < gallery.right - 0.5 && p.right > gallery.left + 0.5) bad.push(`${side} over the gallery`);
        }
        return bad;
      });
      expect(problems, `${label} ${width}×${height}`).toEqual([]);
      const fold = Number((await page.getByTestId('toolbar').getAttribute('data-fold')) ?? 0);
      expect(fold, `${label} ${width}×${height}`).toBeGreaterThanOrEqual(folded);
      folded = fold;
      await shot(`${label}-${width}x${height}`);
    }
  };
  /** Renames a dataset with its menu in the sidebar (its labels in English or Chinese). */
  const renameDataset = async (from: string, to: string) => {
    const row = page.getByTestId('dataset-row').filter({ hasText: from });
    await row.hover();
    await row.getByRole('button', { name: /Dataset actions|数据集操作/ }).click();
    await page.getByRole('menuitem', { name: /Rename…|重命名…/ }).click();
    await page.getByTestId('dataset-name').fill(to);
    await page.getByTestId('dataset-submit').click();
    await page.locator('.mantine-Modal-content').waitFor({ state: 'detached' });
    await page.locator('.toolbar-title', { hasText: to }).waitFor();
  };
  /** The status bar's buttons, counts and selection inside it, none with its text cut. */
  const statusbarCut = () =>
    page.evaluate(() => {
      const box = document.querySelector('.statusbar')!.getBoundingClientRect();
      const bad: string[] = [];
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('.statusbar button, .statusbar strong, .statusbar [data-testid=count]'))) {
        const r = el.getBoundingClientRect();
        const name = el.dataset.testid ?? el.getAttribute('aria-label') ?? el.textContent ?? el.tagName;
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5) bad.push(`${name}: outside the bar`);
        for (const t of [el, ...Array.from(el.querySelectorAll<HTMLElement>('*'))]) if (t.scrollWidth > t.clientWidth + 1) bad.push(`${name}: text cut`);
      }
      return bad;
    });
  const LONG_EN = 'Summer 2024 portraits and landscapes, second pass (curated)';
  const LONG_ZH = '二〇二四年夏季人像与风景照片精选合集（第二轮整理）';

  it('starts empty and creates a dataset', async () => {
    await page.getByText('No datasets yet').waitFor();
    await shot('empty');
    await page.getByTestId('new-dataset').click();
    await page.getByTestId('dataset-name').fill('Fixtures');
    await shot('create-dataset');
    await page.getByTestId('dataset-submit').click();
    await page.getByTestId('dataset-row').filter({ hasText: 'Fixtures' }).waitFor();
    await page.getByText('This dataset is empty').waitFor();
    await shot('dataset-created');
  });

  it('imports a folder dropped on the window and shows its thumbnails', async () => {
    imported = await dropFolder(page, FIXTURES);
    await page.locator('[data-testid=job][data-kind=import][data-status=done]').waitFor({ timeout: 90_000 });
    await shot('import-done');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=tile] img').length >= n, Math.min(imported, 12));
    // Thumbnails really decoded (not just requested).
    await page.waitForFunction(() => {
      const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid=tile] img'));
      return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    expect(await statusCount()).toBe(`${imported} items`);
    expect(await page.getByTestId('dataset-count').innerText()).toBe(String(imported));
    await shot('thumbnails');
  });

  it('filters by text', async () => {
    await page.getByTestId('filter-text').fill('sylvie');
    await waitCount(`8 of ${imported} items shown`);
    expect(await tiles().count()).toBe(8);
    await shot('filter-text');
    await page.getByTestId('filter-text').fill('');
    await waitCount(`${imported} items`);

  });

  it('opens an item, edits its caption (autosaved), and moves on with the keyboard', async () => {
    await tiles().first().click();
    const panel = page.getByTestId('item-panel');
    await panel.getByTestId('preview-image').waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid=preview-image]') as HTMLImageElement | null)?.naturalWidth);
    const caption = panel.getByTestId('caption');
    await caption.click();
    await caption.fill('a girl with green hair, smiling');
    await panel.locator('[data-testid=save-state][data-state=saved]').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=tile] .mark-caption') !== null);
    await shot('caption-edited');
    // Alt+↓ goes to the next picture without leaving the caption box.
    const first = await panel.locator('.itempanel-title').innerText();
    await caption.press('Alt+ArrowDown');
    await page.waitForFunction((name) => document.querySelector('.itempanel-title')?.textContent !== name, first);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('caption');
    expect(await caption.inputValue()).toBe('');
    await caption.press('Alt+ArrowUp');
    await page.waitForFunction(() => (document.querySelector('[data-testid=caption]') as HTMLTextAreaElement).value === 'a girl with green hair, smiling');
    // The status filter sees the new caption.
    await page.getByTestId('filter-status').selectOption({ label: 'Uncaptioned' });
    await waitCount(`${imported - 1} of ${imported} items shown`);
    await shot('filter-uncaptioned');

    // "Caption everything left": a captioned picture leaves the listing, and Alt+↓ opens the one that came
    // after it (not the one after that).
    const title = panel.locator('.itempanel-title');
    const waitTitle = (name: string) => page.waitForFunction((n) => document.querySelector('.itempanel-title')?.textContent === n, name);
    const names = await tiles().locator('.tile-name').allInnerTexts();
    await tiles().first().click();
    await waitTitle(names[0]!);
    await caption.fill('first of the rest');
    await caption.press('Alt+ArrowDown');
    await waitTitle(names[1]!);
    await waitCount(`${imported - 2} of ${imported} items shown`);
    await caption.fill('second of the rest');
    await caption.press('Alt+ArrowDown');
    await waitTitle(names[2]!);
    await waitCount(`${imported - 3} of ${imported} items shown`);
    await shot('caption-the-rest');
    // Those two captions go again (the export below expects their tags).
    await page.getByTestId('undo').click();
    await page.getByTestId('undo').click();
    await waitCount(`${imported - 1} of ${imported} items shown`);

    // After a sort change, the panel's next button still goes on from the open picture.
    await page.getByTestId('filter-status').selectOption({ label: 'All items' });
    await waitCount(`${imported} items`);
    await page.getByTestId('sort').selectOption({ label: 'File size' });
    // Tiles on screen in file size order (the names are unique in the fixtures).
    const sizes = Object.fromEntries(fixtureFiles().map((f) => [basename(f), statSync(f).size]));
    await page.waitForFunction((sz) => {
      const shown = Array.from(document.querySelectorAll('[data-testid=tile] .tile-name'), (e) => sz[e.textContent ?? ''] ?? -1);
      return shown.length > 1 && shown.every((v, i) => v >= 0 && (i === 0 || v >= shown[i - 1]!));
    }, sizes);
    const sorted = await tiles().locator('.tile-name').allInnerTexts();
    const at = sorted.indexOf(await title.innerText());
    await panel.getByRole('button', { name: 'Next (Alt+↓)' }).click();
    await waitTitle(sorted[at + 1]!);
    await page.getByTestId('sort').selectOption({ label: 'Name' });
  });

  it('bulk-adds a tag to a selection, then undoes and redoes it', async () => {
    await tiles().nth(0).click();
    await tiles().nth(3).click({ modifiers: ['Shift'] });
    await page.getByTestId('selected-count').filter({ hasText: '4 selected' }).waitFor();
    await page.getByTestId('bulk-edit').click();
    const input = page.getByTestId('bulk-add-tags');
    await input.fill('e2e tag');
    await input.press('Enter');
    await shot('bulk-edit');
    await page.getByTestId('bulk-add-apply').click();
    await page.getByText('Changed 4 pictures.').waitFor();
    // Notifications cover none of the controls: not the toolbar, the item panel's head or the status bar.
    const notice = page.locator('.mantine-Notification-root', { hasText: 'Changed 4 pictures.' });
    // Once it has slid into place (a 250 ms transition).
    await page.waitForTimeout(300);
    const box = (await notice.boundingBox())!;
    for (const bar of ['.toolbar', '.itempanel-head', '.statusbar']) {
      const b = (await page.locator(bar).boundingBox())!;
      expect(box.x < b.x + b.width && b.x < box.x + box.width && box.y < b.y + b.height && b.y < box.y + box.height, `notification over ${bar}`).toBe(false);
    }
    const tagRow = page.locator('.tagrow', { hasText: 'e2e tag' });
    await tagRow.locator('.tag-count', { hasText: '4' }).waitFor();
    await shot('bulk-applied');

    // Ctrl+Z on the page (not in a text field) undoes the whole bulk edit.
    await page.getByTestId('gallery').focus();
    await page.keyboard.press('Control+z');
    await tagRow.waitFor({ state: 'detached' });
    await shot('undone');
    await page.keyboard.press('Control+Shift+z');
    await tagRow.locator('.tag-count', { hasText: '4' }).waitFor();

    // The tag list filters the gallery.
    await tagRow.click();
    await waitCount(`4 of ${imported} items shown`);
    expect(await tiles().count()).toBe(4);
    await shot('redone-tag-filter');
    await tagRow.click();
    await waitCount(`${imported} items`);
  });

  it('adds and removes a tag in the item panel with autocomplete', async () => {
    await tiles().nth(5).click();
    const panel = page.getByTestId('item-panel');
    const input = panel.getByTestId('tag-input');
    await input.fill('e2e');
    await page.getByRole('option', { name: /e2e tag/ }).waitFor();
    await shot('autocomplete');
    await input.press('ArrowDown');
    await input.press('Enter');
    const chip = panel.getByTestId('tag-chip').filter({ hasText: 'e2e tag' });
    await chip.waitFor();
    await page.locator('.tagrow', { hasText: 'e2e tag' }).locator('.tag-count', { hasText: '5' }).waitFor();
    await chip.getByRole('button', { name: 'Remove e2e tag' }).click();
    await chip.waitFor({ state: 'detached' });
    await page.locator('.tagrow', { hasText: 'e2e tag' }).locator('.tag-count', { hasText: '4' }).waitFor();
    // The bulk edit's notification (5 s) has closed by itself meanwhile, steps and clicks notwithstanding.
    await page.locator('.mantine-Notification-root', { hasText: 'Changed 4 pictures.' }).waitFor({ state: 'detached', timeout: 8000 });
  });

  it('marks pictures that cannot be read, and lists the problems of the job', async () => {
    const dir = extraDir;
    mkdirSync(dir);
    writeFileSync(join(dir, 'broken.png'), 'this is not a picture');
    await sharp({ create: { width: 96, height: 64, channels: 3, background: '#c33' } }).png().toFile(join(dir, 'red.png'));
    // Already in the dataset under another name: not imported twice, reported as a problem of the job.
    copyFileSync(join(FIXTURES, 'negatives', 'skimage_coffee.png'), join(dir, 'coffee.png'));
    await dropFolder(page, dir);
    await waitCount(`${imported + 2} items`);
    const job = page.locator('[data-testid=job][data-kind=import][data-status=done]').first();
    await job.getByTestId('job-errors').click();
    await page.getByTestId('job-errors-table').getByText(/coffee\.png/).first().waitFor();
    await shot('job-problems');
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-status').selectOption({ label: 'With errors' });
    await waitCount(`1 of ${imported + 2} items shown`);
    await tiles().first().locator('.mark-error').waitFor();
    await tiles().first().click();
    await page.getByTestId('item-panel').getByText('broken.png').first().waitFor();
    await shot('error-item');
    await page.getByTestId('filter-status').selectOption({ label: 'All items' });
    imported += 2;
    unreadable += 1;
  });

  it('selects everything with Ctrl+A and the arrow keys', async () => {
    await page.getByTestId('gallery').focus();
    await page.keyboard.press('Control+a');
    await page.getByTestId('selected-count').filter({ hasText: `${imported} selected` }).waitFor();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.getByTestId('selected-count').filter({ hasText: '3 selected' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('selected-count').waitFor({ state: 'detached' });
  });

  it('fits ordinary window sizes down to 880×600: no toolbar control is cut, the gallery keeps a tile beside the panel', async () => {
    await fitsWindows('window');
    // A long dataset name: the toolbar folds as far as the name's room needs (measured, not set widths).
    await page.setViewportSize({ width: 1440, height: 900 });
    await renameDataset('Fixtures', LONG_EN);
    await fitsWindows('window-long-name', [[1440, 900], [1280, 800], [1024, 700], [880, 600]]);
    await page.setViewportSize({ width: 1440, height: 900 });
    await renameDataset(LONG_EN, 'Fixtures');
    await page.setViewportSize({ width: 880, height: 600 });
    await page.waitForTimeout(300);
    // Folded away, the tag list and the filters are one click off.
    await page.getByTestId('toggle-tags').click();
    await page.getByTestId('tag-panel').locator('.tagrow', { hasText: 'e2e tag' }).waitFor();
    await shot('window-880-tag-list');
    await page.keyboard.press('Escape');
    await page.getByTestId('tag-panel').waitFor({ state: 'detached' });
    await page.getByTestId('view-options').click();
    await page.getByTestId('view-options-menu').getByTestId('filter-status').selectOption({ label: 'With errors' });
    await waitCount(`1 of ${imported} items shown`);
    await page.getByTestId('view-options-menu').getByTestId('filter-status').selectOption({ label: 'All items' });
    await waitCount(`${imported} items`);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('keeps the status bar whole in narrow browser windows: the selection buttons fold into one menu', async () => {
    const tiles = page.locator('[data-testid=tile]');
    await tiles.nth(0).click();
    await tiles.nth(2).click({ modifiers: ['Shift'] });
    await page.getByTestId('selected-count').getByText('3 selected').waitFor();
    const bar = page.getByTestId('statusbar');
    for (const width of [1440, 700, 600, 480]) {
      await page.setViewportSize({ width, height: 700 });
      await page.waitForTimeout(300);
      expect(await statusbarCut(), `${width} px`).toEqual([]);
      // Side by side where they fit; otherwise one menu holds them.
      const folded = (await bar.getAttribute('data-folded')) !== null;
      if (width >= 1024) expect(folded, `${width} px`).toBe(false);
      expect(await bar.getByTestId(folded ? 'status-actions' : 'bulk-edit').isVisible(), `${width} px`).toBe(true);
      await shot(`statusbar-${width}`);
    }
    expect(await bar.getAttribute('data-folded')).not.toBeNull();
    await bar.getByTestId('status-actions').click();
    await shot('statusbar-actions-menu');
    await page.getByTestId('status-actions-menu').getByTestId('bulk-edit').click();
    await page.getByTestId('bulk-add-tags').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.mantine-Modal-content').waitFor({ state: 'detached' });
    await bar.getByTestId('status-actions').click();
    await page.getByTestId('status-actions-menu').getByText('Clear selection').click();
    await page.getByTestId('selected-count').waitFor({ state: 'detached' });
    // Back at a desktop width the buttons are side by side again.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForFunction(() => !document.querySelector('[data-testid=statusbar]')!.hasAttribute('data-folded'));
  });

  it('exports for kohya and writes the files to disk', async () => {
    await page.getByTestId('export').click();
    await page.getByTestId('export-dir').fill(outDir);
    await page.getByTestId('export-repeats').fill('3');
    await page.getByTestId('export-name').fill('heroine');
    await shot('export-dialog');
    await page.getByTestId('export-submit').click();
    await page.locator('[data-testid=job][data-kind="export.kohya"][data-status=done]').waitFor({ timeout: 60_000 });
    await shot('export-done');
    const imageDir = join(outDir, '3_heroine');
    expect(existsSync(imageDir)).toBe(true);
    const files = readdirSync(imageDir);
    const captions = files.filter((f) => f.endsWith('.txt'));
    expect(files.filter((f) => /\.(png|jpe?g|webp)$/i.test(f))).toHaveLength(imported - unreadable);
    expect(captions).toHaveLength(imported - unreadable);
    // A caption wins; pictures without one get their tags (the exporter's rule).
    const text = (name: string) => readFileSync(join(imageDir, name), 'utf8');
    expect(text('renpy_eileen_concerned.txt')).toContain('a girl with green hair, smiling');
    for (const name of ['renpy_eileen_happy.txt', 'renpy_eileen_vhappy.txt', 'renpy_lucy_happy.txt']) expect(text(name)).toContain('e2e tag');
    expect(readdirSync(outDir).some((f) => f.endsWith('.toml'))).toBe(true);
  });

  it('shows a contract error as a readable message', async () => {
    await page.getByTestId('new-dataset').click();
    await page.getByTestId('dataset-name').fill('fixtures');
    await page.getByTestId('dataset-submit').click();
    await page.locator('.mantine-Notification-title', { hasText: 'Already exists' }).first().waitFor();
    await page.getByText('A dataset named "fixtures" already exists.').waitFor();
    await shot('error-message');
    await page.keyboard.press('Escape');
    expect(await page.locator('body').innerText()).not.toMatch(/\bat \w+ \(|Error: /);
  });

  it('renames a dataset, and deletes one only after confirming', async () => {
    await page.getByTestId('new-dataset').click();
    await page.getByTestId('dataset-name').fill('Scratch');
    await page.getByTestId('dataset-submit').click();
    const row = page.getByTestId('dataset-row').filter({ hasText: 'Scratch' });
    await row.waitFor();
    await row.hover();
    await row.getByRole('button', { name: 'Dataset actions' }).click();
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    await page.getByTestId('dataset-name').fill('Scratch two');
    await page.getByTestId('dataset-submit').click();
    const renamed = page.getByTestId('dataset-row').filter({ hasText: 'Scratch two' });
    await renamed.waitFor();
    await renamed.hover();
    await renamed.getByRole('button', { name: 'Dataset actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByText('Delete “Scratch two”?').waitFor();
    await shot('delete-confirm');
    await page.getByTestId('confirm-delete').click();
    await renamed.waitFor({ state: 'detached' });
    await page.getByTestId('dataset-row').filter({ hasText: 'Fixtures' }).click();
    await waitCount(`${imported} items`);
  });

  it('switches to the dark theme and back to the system one', async () => {
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-theme').getByText('Dark').click();
    await page.waitForFunction(() => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark');
    await page.keyboard.press('Escape');
    await page.locator('.mantine-Modal-content').waitFor({ state: 'detached' });
    await shot('dark');
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-theme').getByText('System').click();
    // The browser context asks for light.
    await page.waitForFunction(() => document.documentElement.getAttribute('data-mantine-color-scheme') === 'light');
    await page.keyboard.press('Escape');
  });

  // The Chinese screens: text, tooltips, title/aria-label/placeholder attributes, dialogs, popovers and
  // notifications. Only user content (names, paths, tags, captions, a message's English original) is left as it is.
  const noEnglish = async (what: string) => expect(await englishLeft(page), what).toEqual([]);
  const closeNotifications = async () => {
    for (const close of await page.locator('.mantine-Notification-root .mantine-CloseButton-root').all()) await close.click().catch(() => undefined);
    await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached' });
  };
  // Dialogs load on first use: wait for one before checking it, and for it to be gone after.
  const dialogOpen = () => page.locator('.mantine-Modal-content').last().waitFor();
  const closeDialog = async () => {
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.mantine-Modal-content').count()).toBe(0);
  };

  it('switches to 简体中文: settings', async () => {
    // Notifications of the English steps are not part of the Chinese screens.
    await closeNotifications();
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-language').getByText('简体中文').click();
    await page.getByText('设置').first().waitFor();
    await page.getByTestId('settings-data-dir-how').filter({ hasText: '--data 文件夹' }).waitFor();
    await shot('settings-zh');
    await noEnglish('settings');
    await closeDialog();
  });

  it('简体中文: the library, its tooltips, and a picture that cannot be read', async () => {
    // The unreadable picture sorts first: its problem is told in Chinese, the core's English one click away.
    await tiles().first().click();
    const panel = page.getByTestId('item-panel');
    await panel.getByText('不是 Atelier 能读取的图片').first().waitFor();
    await page.getByTestId('save-state').filter({ hasText: '已保存' }).waitFor();
    await shot('library-zh');
    await noEnglish('library');
    await panel.getByTestId('original-text').first().click();
    await page.getByText(/The file is not a picture Atelier can read/).waitFor();
    await shot('original-message-zh');
    await noEnglish('original message shown');
    await page.keyboard.press('Escape');
    expect(await englishInTooltips(page, ['[data-testid=dataset-errors]'])).toEqual([]);
    await page.getByTestId('shortcuts').click();
    await page.getByText('快捷键').last().waitFor();
    await page.locator('.mantine-Popover-dropdown kbd', { hasText: '空格' }).waitFor();
    await shot('shortcuts-zh');
    await noEnglish('shortcuts');
    await page.keyboard.press('Escape');
  });

  it('简体中文: the toolbar and the status bar fit 1280, 1024 and 880 px wide, with a long dataset name too', async () => {
    const sizes = [[1280, 800], [1024, 700], [880, 600]] as const;
    await tiles().nth(0).click();
    await tiles().nth(2).click({ modifiers: ['Shift'] });
    await page.getByTestId('selected-count').filter({ hasText: '3' }).waitFor();
    await fitsWindows('window-zh', sizes);
    await page.setViewportSize({ width: 1440, height: 900 });
    await renameDataset('Fixtures', LONG_ZH);
    await fitsWindows('window-zh-long-name', sizes);
    for (const width of [1280, 1024, 880, 600]) {
      await page.setViewportSize({ width, height: 700 });
      await page.waitForTimeout(300);
      expect(await statusbarCut(), `${width} px`).toEqual([]);
      await shot(`statusbar-zh-${width}`);
    }
    await noEnglish('toolbar with a long name');
    await page.setViewportSize({ width: 1440, height: 900 });
    await renameDataset(LONG_ZH, 'Fixtures');
    // Escape in the gallery ends the selection.
    await tiles().nth(0).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('selected-count').waitFor({ state: 'detached' });
  });

  it('简体中文: bulk edit (both tabs), export, add folder', async () => {
    await tiles().nth(1).click();
    await tiles().nth(2).click({ modifiers: ['Shift'] });
    await page.getByTestId('bulk-edit').click();
    await dialogOpen();
    await shot('bulk-zh');
    await noEnglish('bulk edit, tags');
    await page.getByRole('tab').nth(1).click();
    await page.locator('.mantine-Tabs-panel').filter({ visible: true }).locator('textarea').first().waitFor();
    await shot('bulk-caption-zh');
    await noEnglish('bulk edit, caption');
    await closeDialog();
    await page.getByTestId('export').click();
    await dialogOpen();
    await noEnglish('export');
    await shot('export-zh');
    await closeDialog();
    await page.getByTestId('add-folder').click();
    await dialogOpen();
    await noEnglish('add folder');
    await closeDialog();
    await page.getByTestId('gallery').focus();
    await page.keyboard.press('Escape');
  });

  it('简体中文: the jobs panel and a job’s problems', async () => {
    await noEnglish('jobs panel');
    await page.locator('[data-testid=job][data-kind=import]').getByTestId('job-errors').first().click();
    await page.getByTestId('job-errors-table').getByText(/coffee\.png/).first().waitFor();
    await page.getByTestId('job-errors-table').getByText('与数据集中已有的一张图片完全相同').first().waitFor();
    await shot('job-problems-zh');
    await noEnglish('job problems');
    await closeDialog();
  });

  it('简体中文: notifications of an error and of a finished job', async () => {
    await page.getByTestId('new-dataset').click();
    await dialogOpen();
    await noEnglish('new dataset dialog');
    await page.getByTestId('dataset-name').fill('fixtures');
    await page.getByTestId('dataset-submit').click();
    await page.locator('.mantine-Notification-title', { hasText: '已存在' }).first().waitFor();
    await page.getByText('已经有名为“').waitFor();
    await closeDialog();
    await shot('error-zh');
    await noEnglish('error notification');
    await closeNotifications();
    await page.getByTestId('export').click();
    await page.getByTestId('export-dir').fill(join(outDir, 'again'));
    await page.getByTestId('export-submit').click();
    await page.getByTestId('job-ended').filter({ hasText: '张图片写入' }).waitFor({ timeout: 60_000 });
    await shot('export-done-zh');
    await noEnglish('job notification');
    await closeNotifications();
  });

  it('简体中文: rename and delete dialogs, then the welcome screen', async () => {
    const row = page.getByTestId('dataset-row').filter({ hasText: 'Fixtures' });
    await row.hover();
    await row.getByRole('button', { name: '数据集操作' }).click();
    await page.getByRole('menuitem', { name: '重命名…' }).waitFor();
    await noEnglish('dataset menu');
    await page.getByRole('menuitem', { name: '重命名…' }).click();
    await page.getByText('重命名数据集').waitFor();
    await noEnglish('rename dialog');
    await closeDialog();
    await row.hover();
    await row.getByRole('button', { name: '数据集操作' }).click();
    await page.getByRole('menuitem', { name: '删除…' }).click();
    await page.getByTestId('confirm-delete').waitFor();
    await shot('delete-zh');
    await noEnglish('delete dialog');
    await page.getByTestId('confirm-delete').click();
    await page.getByTestId('welcome-new-dataset').waitFor();
    await closeNotifications();
    await shot('welcome-zh');
    await noEnglish('welcome');
    expect(await englishInTooltips(page)).toEqual([]);
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
