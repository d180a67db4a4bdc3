import { describe, expect, it } from 'vitest';
import { errorStrings } from '../../src/renderer/app/i18n';
import { errorCodes } from '../../src/shared/errors';

describe('error texts', () => {
  it('hold a title and advice for each contract error code, and nothing else', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(Object.keys(errorStrings[lang]).sort()).toEqual([...errorCodes].sort());
      for (const code of errorCodes) expect(errorStrings[lang][code].title && errorStrings[lang][code].advice).toBeTruthy();
    }
  });
});
