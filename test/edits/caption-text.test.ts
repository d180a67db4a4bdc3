import { describe, expect, it } from 'vitest';
import { appendCaption, compileReplace, prependCaption } from '../../src/core/edits';
import { isAppError } from '../../src/shared/errors';

describe('caption transforms', () => {
  it('prepends and appends once, with the separator only between non-empty parts', () => {
    expect(prependCaption('a cat', 'ohwx', ', ')).toBe('ohwx, a cat');
    expect(prependCaption('ohwx, a cat', 'ohwx', ', ')).toBe('ohwx, a cat');
    expect(prependCaption('', 'ohwx', ', ')).toBe('ohwx');
    expect(appendCaption('a cat', 'best quality', ', ')).toBe('a cat, best quality');
    expect(appendCaption('a cat, best quality', 'best quality', ', ')).toBe('a cat, best quality');
    expect(appendCaption('a cat', 'x', ' ')).toBe('a cat x');
  });

  it('replaces literally (even $ and regex characters), case-insensitively when asked', () => {
    expect(compileReplace({ find: 'a.b', replace: '$1 $&', regex: false, caseSensitive: true })('a.b axb A.B')).toBe('$1 $& axb A.B');
    expect(compileReplace({ find: 'cat', replace: 'dog', regex: false, caseSensitive: false })('Cat cat CAT')).toBe('dog dog dog');
  });

  it('supports regular expressions with groups and rejects invalid ones readably', () => {
    expect(compileReplace({ find: '(\\w+) hair', replace: 'hair: $1', regex: true, caseSensitive: true })('red hair, blue hair')).toBe(
      'hair: red, hair: blue',
    );
    try {
      compileReplace({ find: '(', replace: '', regex: true, caseSensitive: true });
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'INVALID_INPUT')).toBe(true);
      expect((err as Error).message).toMatch(/not a valid regular expression/);
    }
  });
});
