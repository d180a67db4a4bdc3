import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO } from './repo';

/** Debian's Chromium (CI installs it with apt); override with CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Headless Chromium as CI runs it: no sandbox (containers), no GPU, no background traffic. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

export interface PageOptions {
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
  locale?: string;
}

/** A fresh context and page at a desktop size. Console errors and page crashes are collected for assertions. */
export async function openPage(browser: Browser, url: string, opts: PageOptions = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? 'light',
    locale: opts.locale ?? 'en-US',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { context, page, errors };
}

/** Screenshots land in test-results/e2e/<suite>/NN-name.png (a CI artifact): look at them. */
export function screenshotter(page: Page, suite: string): (name: string) => Promise<string> {
  const dir = join(REPO, 'test-results', 'e2e', suite);
  // Each run starts clean, so the folder holds exactly this run's steps.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (name: string) => {
    const file = join(dir, `${String(++n).padStart(2, '0')}-${name}.png`);
    // Let opening dialogs and menus finish their transition (they fade in over ~150 ms).
    await page.waitForTimeout(250);
    await page.screenshot({ path: file });
    return file;
  };
}
