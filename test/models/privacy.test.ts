import { describe, expect, it } from 'vitest';
import { assertUrlAllowed, isLoopbackHost, isLoopbackUrl } from '../../src/core/privacy';
import { AppError } from '../../src/shared/errors';

describe('loopback rule for private mode', () => {
  it('accepts this machine in all its spellings', () => {
    for (const u of [
      'http://localhost:8080/x',
      'http://LOCALHOST./x',
      'http://127.0.0.1/',
      'http://127.1/',
      'http://127.255.0.9:1/',
      'http://0x7f000001/',
      'http://[::1]:5000/',
      'http://[0:0:0:0:0:0:0:1]/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      expect(isLoopbackUrl(u), u).toBe(true);
    }
  });

  it('rejects everything else', () => {
    for (const u of [
      'https://huggingface.co/x',
      'http://localhost.example.com/',
      'http://127.0.0.1.nip.io/',
      'http://0.0.0.0/',
      'http://10.0.0.1/',
      'http://192.168.1.2/',
      'http://[::]/',
      'http://[::2]/',
      'http://[::ffff:10.0.0.1]/',
      'http://[fe80::1]/',
      'not a url',
    ]) {
      expect(isLoopbackUrl(u), u).toBe(false);
    }
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });

  it('blocks only when private mode is on, naming the host and the way out', () => {
    expect(() => assertUrlAllowed('https://huggingface.co/a', false, 'downloading a model')).not.toThrow();
    expect(() => assertUrlAllowed('http://127.0.0.1:9/a', true, 'downloading a model')).not.toThrow();
    const err = (() => {
      try {
        assertUrlAllowed('https://huggingface.co/a', true, 'downloading a model');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PRIVACY_BLOCKED');
    expect((err as AppError).message).toContain('huggingface.co');
    expect((err as AppError).message).toContain('downloading a model');
    expect((err as AppError).message).toMatch(/Settings/);
  });
});
