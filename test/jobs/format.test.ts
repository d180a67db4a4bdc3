import { afterEach, describe, expect, it } from 'vitest';
import { progressText, rateText } from '../../src/renderer/features/jobs/format';
import { jobStrings } from '../../src/renderer/features/jobs/i18n';
import { setLang } from '../../src/renderer/i18n';

afterEach(() => setLang('en'));

describe('job progress in its unit', () => {
  it('counts pictures and files, and sizes bytes (a model download is not "63,495 / 63,495")', () => {
    const en = jobStrings.en;
    expect(progressText({ done: 12, total: 40, unit: 'pictures' }, en)).toBe('12 / 40 pictures');
    expect(progressText({ done: 1200, total: 4000, unit: 'files' }, en)).toBe('1,200 / 4,000 files');
    expect(progressText({ done: 63_495, total: 63_495, unit: 'bytes' }, en)).toBe('62 KB / 62 KB');
    expect(progressText({ done: 5 * 1024 ** 2, total: 350 * 1024 ** 2, unit: 'bytes' }, en)).toBe('5 MB / 350 MB');
    expect(rateText(3.14, 'pictures', en)).toBe('3.1 pictures/s');
    expect(rateText(2.5 * 1024 ** 2, 'bytes', en)).toBe('2.5 MB/s');
    expect(en.ended.bytes(63_495)).toBe('62 KB downloaded.');
    expect(en.ended.pictures(1)).toBe('1 picture processed.');
    expect(en.ended.files(3)).toBe('3 files processed.');
  });

  it('says the same in Chinese', () => {
    setLang('zh-CN');
    const zh = jobStrings['zh-CN'];
    expect(progressText({ done: 12, total: 40, unit: 'pictures' }, zh)).toBe('12 / 40 张图片');
    expect(progressText({ done: 3, total: 5, unit: 'steps' }, zh)).toBe('3 / 5 步');
    expect(rateText(12.4, 'files', zh)).toBe('12 个/秒');
    expect(rateText(2.5 * 1024 ** 2, 'bytes', zh)).toBe('2.5 MB/秒');
    expect(zh.ended.bytes(2 * 1024 ** 3)).toBe('已下载 2 GB。');
    expect(zh.ended.files(3)).toBe('已处理 3 个文件。');
  });
});
