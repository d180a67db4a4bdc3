import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHARED, tmpDir } from '../helpers/tmp';
import { COMMIT_A, startFakeHf, type FakeHf } from '../models/hf-server';
import { hasChromium, launchBrowser, openPage, screenshotter } from './helpers/browser';
import { startHost, type RunningHost } from './helpers/host';
import { ensureRendererBuilt } from './helpers/renderer-build';
import { REPO } from './helpers/repo';
import { englishLeft } from './helpers/text-check';

const MODEL_REPO = 'SmilingWolf/wd-swinv2-tagger-v3';
const MODEL_DIR = join(SHARED, 'models', 'tagger-test', 'wd-test-dynamic');
const TOKEN = 'hf_e2eSecretToken4242Zq9x';

/** Settings as a person uses them, in real Chromium against `atelier serve`: the Hugging Face mirror and token
 * (the token never comes back to the page), private mode, the data folder; and the jobs panel on a model
 * download (sizes in bytes). Screenshots go to test-results/e2e/settings/. */
describe('settings and the jobs panel (Chromium, headless host)', () => {
  let hf: FakeHf;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let shot: (name: string) => Promise<string>;
  // Every WebSocket frame the page received from the host.
  const received: string[] = [];

  beforeAll(async () => {
    if (!hasChromium()) throw new Error('Chromium is missing: install it (`apt-get install -y chromium`) or set CHROMIUM_PATH.');
    ensureRendererBuilt();
    hf = await startFakeHf({
      commit: COMMIT_A,
      requireToken: TOKEN,
      // Slow enough to see the download's progress.
      chunkPerTick: 256,
      files: [
        { repo: MODEL_REPO, name: 'model.onnx', data: readFileSync(join(MODEL_DIR, 'model.onnx')), lfs: true },
        { repo: MODEL_REPO, name: 'selected_tags.csv', data: readFileSync(join(MODEL_DIR, 'selected_tags.csv')) },
      ],
    });
    host = await startHost(tmpDir('atelier-e2e-settings-'));
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, host.url));
    page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
    shot = screenshotter(page, 'settings');
    // Reloaded so that the socket is watched from its start (the session cookie is set by now).
    await page.goto(host.origin);
    await page.getByTestId('new-dataset').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await hf?.close();
  });

  const openSettings = async () => {
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings-hf-endpoint').waitFor();
  };
  const closeSettings = async () => {
    await page.keyboard.press('Escape');
    await page.locator('.mantine-Modal-content').waitFor({ state: 'detached' });
  };
  const notification = (title: string) => page.locator('.mantine-Notification-root', { has: page.locator('.mantine-Notification-title', { hasText: title }) });

  it('shows the data folder and, in a browser, how to start on another one', async () => {
    await openSettings();
    expect(await page.getByTestId('settings-data-dir').inputValue()).toBe(host.dataDir);
    expect(await page.getByTestId('settings-data-dir-how').innerText()).toContain('--data FOLDER');
    // Choosing a folder is the Electron window's (it restarts on it); a browser cannot restart its host.
    expect(await page.getByTestId('settings-data-dir-change').count()).toBe(0);
    await shot('settings');
  });

  it('checks the endpoint as it is typed and saves a mirror', async () => {
    const input = page.getByTestId('settings-hf-endpoint');
    await input.fill('hf-mirror.example');
    await page.getByText('Enter an address that starts with http:// or https://.').waitFor();
    expect(await page.getByTestId('settings-hf-endpoint-save').isDisabled()).toBe(true);
    await shot('endpoint-invalid');
    await input.fill(hf.endpoint);
    await page.getByTestId('settings-hf-endpoint-save').click();
    await page.getByTestId('settings-hf-endpoint-reset').waitFor();
  });

  it('saves the token and shows only a hint of it, which the page is never sent in clear', async () => {
    await page.getByTestId('settings-hf-token-input').fill(TOKEN);
    await page.getByTestId('settings-hf-token-save').click();
    await page.getByTestId('settings-hf-token-state').filter({ hasText: '…Zq9x' }).waitFor();
    expect(await page.getByTestId('settings-hf-token-input').count()).toBe(0);
    await closeSettings();
    // A fresh load reads the settings again: still saved, still only a hint.
    await page.goto(host.origin);
    await openSettings();
    await page.getByTestId('settings-hf-token-state').filter({ hasText: '…Zq9x' }).waitFor();
    expect(await page.getByTestId('settings-hf-endpoint').inputValue()).toBe(hf.endpoint);
    await shot('token-saved');
    expect(received.length).toBeGreaterThan(0);
    expect(received.filter((f) => f.includes('e2eSecretToken'))).toEqual([]);
    // Replace: the field opens again, and cancelling keeps the saved token.
    await page.getByTestId('settings-hf-token-replace').click();
    await page.getByTestId('settings-hf-token-input').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('settings-hf-token-state').waitFor();
  });

  it('explains private mode, warns when the endpoint is elsewhere, and refuses a download from it', async () => {
    await page.getByTestId('settings-private-mode').click({ force: true });
    await page.getByText('Atelier then contacts only servers on this computer (localhost)').waitFor();
    // The local mirror is on this computer: allowed.
    expect(await page.getByTestId('settings-private-blocks').count()).toBe(0);
    await page.getByTestId('settings-hf-endpoint').fill('https://hf-mirror.example.com');
    await page.getByTestId('settings-hf-endpoint-save').click();
    await page.getByTestId('settings-private-blocks').waitFor();
    await shot('private-mode');
    await closeSettings();

    await page.getByTestId('new-dataset').click();
    await page.getByTestId('dataset-name').fill('Models');
    await page.getByTestId('dataset-submit').click();
    await page.getByTestId('page-tagger').click();
    await page.getByTestId('tagger-model').click();
    await page.getByRole('option', { name: /WD SwinV2 v3/ }).click();
    await page.getByTestId('tagger-download').click();
    await notification('Blocked by private mode').filter({ hasText: 'hf-mirror.example.com' }).waitFor();
    await shot('private-mode-blocked');
    expect(hf.log).toEqual([]);

    await openSettings();
    await page.getByTestId('settings-hf-endpoint').fill(hf.endpoint);
    await page.getByTestId('settings-hf-endpoint-save').click();
    await page.getByTestId('settings-private-blocks').waitFor({ state: 'detached' });
    await closeSettings();
  });

  it('downloads through the mirror with the token, counting bytes, and says so when done', async () => {
    await page.getByTestId('tagger-download').click();
    const job = page.locator('[data-testid=job][data-kind=model-download]');
    await job.filter({ hasText: 'Model download' }).waitFor();
    await page.locator('[data-testid=job][data-kind=model-download][data-status=running]').waitFor();
    await job.getByTestId('job-progress').filter({ hasText: /^[\d.,]+ (B|KB) \/ 6\d KB$/ }).waitFor();
    await job.getByText(/[\d.]+ (B|KB)\/s$/).waitFor();
    await shot('downloading');
    await page.locator('[data-testid=job][data-kind=model-download][data-status=done]').waitFor({ timeout: 60_000 });
    await page.getByTestId('job-ended').filter({ hasText: '62 KB downloaded.' }).waitFor();
    expect(await job.getByTestId('job-progress').innerText()).toBe('62 KB / 62 KB');
    await shot('downloaded');
    const files = hf.log.filter((r) => r.status === 200);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const r of hf.log) expect(r.auth, r.path).toBe(`Bearer ${TOKEN}`);
  });

  it('speaks Chinese in the settings, private mode and the jobs panel', async () => {
    for (const close of await page.locator('.mantine-Notification-root .mantine-CloseButton-root').all()) await close.click().catch(() => undefined);
    await openSettings();
    await page.getByTestId('settings-language').getByText('简体中文').click();
    await page.getByText('隐私模式').first().waitFor();
    await page.getByTestId('settings-hf-endpoint').fill('https://hf-mirror.example.com');
    await page.getByTestId('settings-private-blocks').waitFor({ state: 'detached' });
    await page.getByTestId('settings-hf-endpoint-save').click();
    await page.getByTestId('settings-private-blocks').waitFor();
    await shot('settings-zh');
    expect(await englishLeft(page)).toEqual([]);
    await closeSettings();
    expect(await englishLeft(page)).toEqual([]);
    // A refusal by private mode, told in Chinese (the host's name as it is), for a model not downloaded yet.
    await page.getByTestId('tagger-model').click();
    await page.getByRole('option', { name: /WD ViT v3/ }).click();
    await page.getByTestId('tagger-download').click();
    await notification('被隐私模式阻止').filter({ hasText: '隐私模式已开启，所以 Atelier 不会连接 hf-mirror.example.com。' }).waitFor();
    await shot('blocked-zh');
    expect(await englishLeft(page)).toEqual([]);
  });

  it('shows a failed cancel as a readable message, not an unhandled error', async () => {
    // A page whose job list (rewritten in flight) shows a running job the host does not have: cancelling it
    // fails for real, with the host's NOT_FOUND (told in Chinese: the language chosen above).
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await context.newPage();
    const pageErrors: string[] = [];
    other.on('pageerror', (e) => pageErrors.push(e.message));
    await other.routeWebSocket(/.*/, (ws) => {
      const server = ws.connectToServer();
      const listCalls = new Set<number>();
      ws.onMessage((m) => {
        const msg = JSON.parse(String(m)) as { t: string; id?: number; method?: string };
        if (msg.t === 'call' && msg.method === 'jobs.list') listCalls.add(msg.id!);
        server.send(m);
      });
      server.onMessage((m) => {
        const msg = JSON.parse(String(m)) as { t: string; id?: number; output?: unknown[] };
        if (msg.t === 'result' && listCalls.has(msg.id!) && Array.isArray(msg.output)) msg.output = [ghostJob, ...msg.output];
        ws.send(JSON.stringify(msg));
      });
    });
    await other.goto(host.url);
    const ghost = other.locator('[data-testid=job][data-status=running]').filter({ hasText: 'Ghost' });
    await ghost.getByTestId('job-cancel').click();
    await other.locator('.mantine-Notification-title', { hasText: '未找到' }).waitFor();
    await other.waitForTimeout(250);
    await other.screenshot({ path: join(REPO, 'test-results', 'e2e', 'settings', 'cancel-failed.png') });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});

const ghostJob = {
  id: 999_999, kind: 'ghost', status: 'running', title: 'Ghost job', datasetId: null, done: 1, total: 10, unit: 'files', rate: null,
  etaSeconds: null, message: null, errorCount: 0, error: null, result: null, createdAt: '2025-01-01T00:00:00.000Z', startedAt: null, finishedAt: null,
};
