import type { Page } from 'playwright-core';

/** Words that stay as they are in every language: names of things, file formats, keys, protocols. */
export const UNTRANSLATED = [
  'Atelier', 'kohya', 'sd-scripts', 'musubi-tuner', 'TOML', 'toml', 'zip', 'txt', 'LoRA', 'ONNX', 'GPU', 'CPU', 'CUDA', 'WD', 'epoch',
  'Ctrl', 'Shift', 'Alt', 'Esc', 'Enter', 'Home', 'End', 'Tab', 'PNG', 'JPEG', 'WebP', 'GIF', 'TIFF', 'AVIF', 'Hugging', 'Face', 'URL', 'API',
  'http', 'https', 'localhost', 'DNS',
  // unit symbols
  'KB', 'MB', 'GB', 'TB',
];

/** Attributes a person reads or hears: native tooltips, screen-reader names, placeholders, picture descriptions. */
const ATTRIBUTES = ['title', 'aria-label', 'placeholder', 'alt'];

/**
 * English words left on screen outside user content: visible text, and the title, aria-label, placeholder and
 * alt attributes of visible elements. User content (file names, tags, captions, paths, the original English of
 * a translated message) is marked translate="no" and skipped, with what it holds; an attribute that quotes
 * user content ("移除 cat") names it in data-user-content, since part of an attribute cannot be marked.
 * `root` narrows the check to what a selector matches. Returns the offending snippets; an empty list means the
 * screen is fully translated.
 */
export async function englishLeft(page: Page, allow: string[] = [], root = 'body'): Promise<string[]> {
  return page.evaluate(
    ([allowed, attributes, rootSelector]) => {
      const ok = new Set(allowed);
      const found: string[] = [];
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0;
      };
      const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.className ? ` class="${String(el.className).slice(0, 40)}"` : ''}>`;
      const check = (text: string, where: string) => {
        const words = text.match(/[A-Za-z][A-Za-z'-]{1,}/g) ?? [];
        const bad = words.filter((w) => !ok.has(w));
        if (bad.length) found.push(`${bad.join(' ')}  ‹${text.trim().slice(0, 80)}› in ${where}`);
      };
      for (const scope of Array.from(document.querySelectorAll(rootSelector))) {
        const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!el || !n.textContent?.trim()) continue;
          if (el.closest('[translate="no"], script, style, noscript')) continue;
          if (!visible(el)) continue;
          check(n.textContent, describe(el));
        }
      }
      const withAttribute = attributes.map((a) => `[${a}]`).join(',');
      const withAttributes = Array.from(document.querySelectorAll(rootSelector)).flatMap((scope) => [
        ...(scope.matches(withAttribute) ? [scope] : []),
        ...Array.from(scope.querySelectorAll(withAttribute)),
      ]);
      for (const el of withAttributes) {
        if (!visible(el) || el.closest('[translate="no"]')) continue;
        for (const a of attributes) {
          // data-user-placeholder: the placeholder shows user content (a default taken from a name).
          if (a === 'placeholder' && el.hasAttribute('data-user-placeholder')) continue;
          // data-user-content: the user content (a tag, a model id) that the attribute quotes.
          const quoted = el.getAttribute('data-user-content');
          const v = el.getAttribute(a);
          if (v) check(quoted ? v.split(quoted).join(' ') : v, `${a}= of ${describe(el)}`);
        }
      }
      return found;
    },
    [[...UNTRANSLATED, ...allow], ATTRIBUTES, root] as const,
  );
}

/**
 * Hovers each visible icon-only button (and each element matching `extra`) outside user content, and checks the
 * tooltip it opens, if any. Tooltips are rendered only while hovered, so englishLeft alone never sees them.
 */
export async function englishInTooltips(page: Page, extra: string[] = [], allow: string[] = []): Promise<string[]> {
  const marked = await page.evaluate((extraSelectors) => {
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const targets = new Set<Element>();
    for (const el of Array.from(document.querySelectorAll('button, a, [role=button]'))) {
      if (!(el.textContent ?? '').trim() || !/[\p{L}\p{N}]/u.test(el.textContent ?? '')) targets.add(el);
    }
    for (const sel of extraSelectors) for (const el of Array.from(document.querySelectorAll(sel))) targets.add(el);
    let n = 0;
    for (const el of targets) {
      if (!visible(el) || el.closest('[translate="no"], .mantine-Tooltip-tooltip')) continue;
      el.setAttribute('data-tooltip-check', String(n++));
    }
    return n;
  }, extra);
  const found: string[] = [];
  const tooltip = page.locator('.mantine-Tooltip-tooltip');
  for (let i = 0; i < marked; i++) {
    const target = page.locator(`[data-tooltip-check="${i}"]`);
    await target.hover({ timeout: 2000 }).catch(() => undefined);
    const shown = await tooltip.first().waitFor({ state: 'visible', timeout: 1200 }).then(() => true, () => false);
    if (shown) {
      const left = await englishLeft(page, allow, '.mantine-Tooltip-tooltip');
      const of = left.length ? await target.evaluate((el) => el.outerHTML.slice(0, 100)) : '';
      found.push(...left.map((l) => `${l} (tooltip of ${of})`));
    }
    await page.mouse.move(0, 0);
    await tooltip.first().waitFor({ state: 'hidden', timeout: 1500 }).catch(() => undefined);
  }
  await page.evaluate(() => document.querySelectorAll('[data-tooltip-check]').forEach((el) => el.removeAttribute('data-tooltip-check')));
  return found;
}
