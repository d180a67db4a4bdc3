import type { Page } from 'playwright-core';

/** Words that stay as they are in every language: names of things, file formats, keys. */
export const UNTRANSLATED = [
  'Atelier', 'kohya', 'sd-scripts', 'musubi-tuner', 'TOML', 'toml', 'zip', 'txt', 'LoRA', 'ONNX', 'GPU', 'CPU', 'CUDA', 'WD', 'epoch',
  'Ctrl', 'Shift', 'Alt', 'Esc', 'Enter', 'Home', 'End', 'Tab', 'PNG', 'JPEG', 'WebP', 'Hugging', 'Face', 'URL', 'API',
  // unit symbols
  'KB', 'MB', 'GB', 'TB',
];

/**
 * Visible text (and input placeholders, which are always the UI's own words) in English words outside user content. User content (file names,
 * tags, captions, paths, server messages) is marked translate="no" and skipped. Returns the offending
 * snippets; an empty list means the screen is fully translated.
 */
export async function englishLeft(page: Page, allow: string[] = []): Promise<string[]> {
  return page.evaluate((allowed) => {
    const ok = new Set(allowed);
    const found: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0;
    };
    const check = (text: string, where: Element) => {
      const words = text.match(/[A-Za-z][A-Za-z'-]{1,}/g) ?? [];
      const bad = words.filter((w) => !ok.has(w));
      if (bad.length) found.push(`${bad.join(' ')}  ‹${text.trim().slice(0, 80)}› in <${where.tagName.toLowerCase()}${where.className ? ` class="${String(where.className).slice(0, 40)}"` : ''}>`);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim()) continue;
      if (el.closest('[translate="no"], script, style, noscript')) continue;
      if (!visible(el)) continue;
      check(n.textContent, el);
    }
    for (const input of Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]'))) {
      // data-user-placeholder: the placeholder shows user content (a default taken from a name).
      if (!visible(input) || input.hasAttribute('data-user-placeholder')) continue;
      check(input.getAttribute('placeholder') ?? '', input);
    }
    return found;
  }, [...UNTRANSLATED, ...allow]);
}
