import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError, describeProblem, UiError } from '../../src/renderer/app/errors';
import { errorStrings } from '../../src/renderer/app/i18n';
import { AppError, errorCodes } from '../../src/shared/errors';
import { REPO } from '../e2e/helpers/repo';

describe('error texts', () => {
  it('hold a title and advice for each contract error code, and nothing else', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(Object.keys(errorStrings[lang]).sort()).toEqual([...errorCodes].sort());
      for (const code of errorCodes) expect(errorStrings[lang][code].title && errorStrings[lang][code].advice).toBeTruthy();
    }
  });
});

const cjk = /[\u4e00-\u9fff]/;
const textOf = (parts: (string | { verbatim: string })[]) => parts.map((p) => (typeof p === 'string' ? p : p.verbatim)).join('');

describe('core messages in the UI language', () => {
  it('shows the core’s English as it is in English', () => {
    const err = new AppError('CONFLICT', 'A dataset named "cats" already exists.', { datasetName: 'cats' });
    expect(describeError(err, 'en')).toMatchObject({ message: ['A dataset named "cats" already exists.'], original: '' });
    expect(describeProblem('NOT_A_PICTURE', 'The file is not a picture Atelier can read.', 'en')).toEqual({ message: ['The file is not a picture Atelier can read.'], original: '' });
  });

  it('translates contract errors by code and details in Chinese, keeping names verbatim and the original at hand', () => {
    const conflict = describeError(new AppError('CONFLICT', 'A dataset named "cats" already exists.', { datasetName: 'cats' }), 'zh-CN');
    expect(conflict.title).toBe('已存在');
    expect(conflict.message).toEqual(['已经有名为“', { verbatim: 'cats' }, '”的数据集。']);
    expect(conflict.original).toBe('A dataset named "cats" already exists.');
    const offline = describeError({ code: 'NETWORK', message: 'Could not look up huggingface.co: …', details: { host: 'huggingface.co', code: 'ENOTFOUND' } }, 'zh-CN');
    expect(textOf(offline.message)).toMatch(/^无法解析 huggingface\.co：.*Hugging Face 端点/);
    const blocked = describeError(new AppError('PRIVACY_BLOCKED', 'Private mode is on, so …', { url: 'https://huggingface.co/x', host: 'huggingface.co' }), 'zh-CN');
    expect(blocked.message).toContainEqual({ verbatim: 'huggingface.co' });
    const gated = describeError(new AppError('UNAUTHORIZED', 'needs you to sign in', { status: 401, url: 'https://hf.example/a/b' }), 'zh-CN');
    expect(textOf(gated.message)).toContain('Hugging Face 访问令牌');
    // Every string part is Chinese: what is English sits in verbatim parts.
    for (const e of [conflict, offline, blocked, gated]) for (const p of e.message) if (typeof p === 'string') expect(p.replace(/Atelier|Hugging Face|HTTP|DNS|\d+/g, '')).not.toMatch(/[A-Za-z]{2,}/);
  });

  it('falls back to the title and advice, with the original, when it knows no better', () => {
    const e = describeError(new AppError('IO', 'Cannot write into /out (EACCES); choose a folder you can write to.'), 'zh-CN');
    expect(e).toEqual({ code: 'IO', title: errorStrings['zh-CN'].IO.title, advice: errorStrings['zh-CN'].IO.advice, message: [], original: 'Cannot write into /out (EACCES); choose a folder you can write to.' });
    expect(describeError(new TypeError('x is undefined\n at y'), 'zh-CN')).toMatchObject({ code: 'INTERNAL', message: [], original: 'x is undefined' });
  });

  it('says a run refused at pre-flight points at the New run page’s list, not at input fields', () => {
    const issues = [{ severity: 'error', code: 'no_length', key: 'max_train_epochs', message: 'Set the number of epochs or of steps.' }];
    const e = describeError(new AppError('INVALID_INPUT', 'The run cannot start: Set the number of epochs or of steps.', { issues }), 'zh-CN');
    expect(e.message).toEqual(['启动前检查未通过：请先解决“启动前检查”中列出的问题。']);
    expect(e.original).toBe('The run cannot start: Set the number of epochs or of steps.');
  });

  it('leaves the renderer’s own messages alone', () => {
    expect(describeError(new UiError('INVALID_INPUT', '请先选择模型。'), 'zh-CN')).toMatchObject({ message: ['请先选择模型。'], original: '' });
  });

  it('translates each per-file problem code the core reports', () => {
    // The codes of item errors and job file errors, read from the services that record them.
    const dirs = ['ingest', 'media', 'export', 'tagger'].map((d) => join(REPO, 'src', 'core', d));
    const codes = new Set<string>();
    for (const dir of dirs) {
      for (const f of readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'))) {
        const src = readFileSync(join(dir, f), 'utf8');
        for (const m of src.matchAll(/\bcode: '([A-Z_]{3,})'/g)) codes.add(m[1]!);
        for (const m of src.matchAll(/fileError\([^,]+, '([A-Z_]{3,})'/g)) codes.add(m[1]!);
      }
    }
    codes.delete('ENOENT'); // a Node error code the zip reader mimics, not a problem it reports
    expect(codes.size).toBeGreaterThan(15);
    for (const code of codes) {
      const p = describeProblem(code, 'English original.', 'zh-CN');
      expect(p.original).toBe('English original.');
      expect(p.message[0], code).not.toBe(describeProblem('NO_SUCH_CODE', '', 'zh-CN').message[0]);
      expect(p.message[0], code).toMatch(cjk);
    }
    expect(describeProblem(null, 'x', 'zh-CN').message[0]).toMatch(cjk);
  });
});
