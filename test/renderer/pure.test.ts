import { describe, expect, it } from 'vitest';
import { columnsFor, fittedThumb, navTarget, rowHeight } from '../../src/renderer/features/library/grid-math';
import { describeOp, splitTags } from '../../src/renderer/features/library/format';
import { libraryStrings } from '../../src/renderer/features/library/i18n';
import { suggestName } from '../../src/renderer/features/library/import/dropped-files';
import { formatDuration, progressText, rateText } from '../../src/renderer/features/jobs/format';
import { jobStrings } from '../../src/renderer/features/jobs/i18n';
import { pagesForRange, pagesToKeep, rangeIds } from '../../src/renderer/state/paging';
import { describeError } from '../../src/renderer/app/errors';
import { appStrings, errorStrings } from '../../src/renderer/app/i18n';
import { formatBytes, formatRate, setLang } from '../../src/renderer/i18n';
import { formatBytes as cliBytes } from '../../src/cli/format';
import { AppError } from '../../src/shared/errors';
import type { ItemSummary } from '../../src/shared/contract';

describe('grid geometry and keys', () => {
  it('fits columns to the width and moves by rows', () => {
    expect(columnsFor(1000, 160)).toBe(5);
    expect(columnsFor(100, 160)).toBe(1);
    expect(rowHeight(160)).toBeGreaterThan(160);
    // 5 columns of at least 160 px fill 1000 px with 184 px tiles.
    expect(fittedThumb(1000, 5, 160)).toBe(184);
    expect(fittedThumb(0, 1, 160)).toBe(160);
    expect(navTarget('ArrowDown', 2, 5, 12, 3)).toBe(7);
    expect(navTarget('ArrowDown', 9, 5, 12, 3)).toBe(9);
    expect(navTarget('ArrowUp', 3, 5, 12, 3)).toBe(3);
    expect(navTarget('ArrowRight', 11, 5, 12, 3)).toBe(11);
    expect(navTarget('End', 0, 5, 12, 3)).toBe(11);
    expect(navTarget('PageDown', 0, 5, 100, 3)).toBe(15);
    expect(navTarget('ArrowRight', null, 5, 12, 3)).toBe(0);
    expect(navTarget('x', 1, 5, 12, 3)).toBeNull();
    expect(navTarget('Home', 1, 5, 0, 3)).toBeNull();
  });
});

describe('paging', () => {
  it('maps ranges to pages, keeps the nearest pages, and reads ids only from loaded pages', () => {
    expect(pagesForRange({ start: 150, end: 450 }, 200)).toEqual([0, 1, 2]);
    expect(pagesForRange({ start: 0, end: -1 }, 200)).toEqual([]);
    expect([...pagesToKeep({ start: 2000, end: 2100 }, 200, 3, [0, 1, 9, 10, 11, 30])].sort((a, b) => a - b)).toEqual([9, 10, 11]);
    const item = (id: number) => ({ id }) as ItemSummary;
    const pages = new Map([[0, [item(1), item(2)]], [1, [item(3), item(4)]]]);
    expect(rangeIds(pages, 2, 3, 1)).toEqual([2, 3, 4]);
    expect(rangeIds(pages, 2, 1, 5)).toBeNull();
  });
});

describe('formatting and parsing', () => {
  it('formats sizes and durations, splits typed tags, names drops', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(formatBytes(null)).toBe('—');
    // One convention everywhere: a model's download size, its job's progress and rate, and the CLI agree.
    const size = 326_214_000;
    expect(formatBytes(size)).toBe('311 MB');
    expect(cliBytes(size)).toBe('311 MB');
    expect(progressText({ done: size, total: size, unit: 'bytes' }, jobStrings.en)).toBe('311 MB / 311 MB');
    expect(rateText(5.5 * 1024 * 1024, 'bytes', jobStrings.en)).toBe('5.5 MB/s');
    expect(rateText(3.14, 'pictures', jobStrings.en)).toBe(`${formatRate(3.14)} pictures/s`);
    expect(formatRate(3.14)).toBe('3.1');
    expect(formatRate(42.4)).toBe('42');
    expect(splitTags(' a, b ,, a,c ')).toEqual(['a', 'b', 'c']);
    expect(formatDuration(42, jobStrings.en)).toBe('42 s');
    expect(formatDuration(75, jobStrings.en)).toBe('1 min 15 s');
    expect(formatDuration(3720, jobStrings['zh-CN'])).toBe('1 小时 2 分');
    expect(suggestName([], ['/home/me/shoot-2024'])).toBe('shoot-2024');
    expect(suggestName([{ relPath: 'faces/a.png' }], [])).toBe('faces');
    expect(suggestName([{ relPath: 'pack.zip' }], [])).toBe('pack');
    expect(describeOp({ kind: 'addTags', tags: ['a', 'b', 'c', 'd'], at: 'end' }, libraryStrings.en)).toBe('adding a, b, c…');
    expect(describeOp({ kind: 'replaceTag', from: 'x', to: 'y' }, libraryStrings['zh-CN'])).toBe('将 x 替换为 y');
  });
});

describe('strings', () => {
  it('counts in both languages', () => {
    expect(appStrings.en.itemCount(1)).toBe('1 item');
    expect(appStrings.en.itemCount(12345)).toBe('12,345 items');
    expect(appStrings['zh-CN'].itemCount(12345)).toBe('12,345 项');
  });

  it('turns contract errors into a title, the first line of the message, and advice, in the UI language', () => {
    setLang('en');
    const e = describeError(new AppError('IO', 'Cannot write /x/y.\n    at foo (bar.js:1:1)'));
    expect(e).toEqual({ code: 'IO', title: errorStrings.en.IO.title, message: ['Cannot write /x/y.'], original: '', advice: errorStrings.en.IO.advice });
    setLang('zh-CN');
    expect(describeError({ code: 'NOT_FOUND', message: 'gone' }).title).toBe('未找到');
    expect(describeError(new TypeError('x is undefined')).code).toBe('INTERNAL');
    setLang('en');
  });

  it('has every dictionary entry in Chinese that differs from English (no forgotten copy-paste)', () => {
    const same = (en: object, zh: object, path: string): string[] =>
      Object.entries(en).flatMap(([k, v]) => {
        const z = (zh as Record<string, unknown>)[k];
        if (typeof v === 'object') return same(v as object, z as object, `${path}.${k}`);
        const a = typeof v === 'function' ? (v as (...x: unknown[]) => string)(3, 4) : v;
        const b = typeof z === 'function' ? (z as (...x: unknown[]) => string)(3, 4) : z;
        return a === b && /[a-z]{3}/i.test(String(a)) && !['appName'].includes(k) ? [`${path}.${k}`] : [];
      });
    const dicts = { appStrings, errorStrings, libraryStrings, jobStrings };
    const untranslated = Object.entries(dicts).flatMap(([name, d]) => same(d.en, d['zh-CN'], name));
    expect(untranslated).toEqual([]);
  });
});
