import { describe, expect, it } from 'vitest';
import { isInside, mediaContentType, parseMediaPath } from '../../src/core/media';
import { contentSecurityPolicy, etagOf, hasDotSegments, hostAllowed, originAllowed, parseCookies, parseRange, planFileResponse, sanitizeRelPath } from '../../src/host';

const SHA = 'a'.repeat(64);

describe('media addresses', () => {
  it('parses only strict rendition and original addresses', () => {
    expect(parseMediaPath(`rendition/${SHA}/preview`)).toEqual({ type: 'rendition', sha256: SHA, kind: 'preview' });
    expect(parseMediaPath(`/rendition/${SHA}/medium`)).toEqual({ type: 'rendition', sha256: SHA, kind: 'medium' });
    expect(parseMediaPath('original/42')).toEqual({ type: 'original', itemId: 42 });
    for (const bad of [
      `rendition/${SHA}/large`,
      `rendition/${SHA.toUpperCase()}/preview`,
      `rendition/${SHA}/preview/extra`,
      'rendition/../../etc/passwd/preview',
      'original/0',
      'original/-1',
      'original/1.5',
      'original/../1',
      'original/%2e%2e',
      'original/1%00',
      'original/1/',
      '../original/1',
      'originals/1',
    ]) expect(parseMediaPath(bad), bad).toBeNull();
  });

  it('tells inside from outside without being fooled by shared prefixes', () => {
    expect(isInside('/data/lib/a.jpg', '/data')).toBe(true);
    expect(isInside('/data', '/data')).toBe(true);
    expect(isInside('/data2/a.jpg', '/data')).toBe(false);
    expect(isInside('/a.jpg', '/data')).toBe(false);
  });

  it('maps extensions to content types', () => {
    expect(mediaContentType('/x/Y.JPG')).toBe('image/jpeg');
    expect(mediaContentType('/x/y.webm')).toBe('video/webm');
    expect(mediaContentType('/x/y.unknown')).toBe('application/octet-stream');
  });
});

describe('request checks', () => {
  it('accepts only this server by loopback name and port', () => {
    expect(hostAllowed('127.0.0.1:8000', 8000)).toBe(true);
    expect(hostAllowed('localhost:8000', 8000)).toBe(true);
    expect(hostAllowed('127.0.0.1:8001', 8000)).toBe(false);
    expect(hostAllowed('evil.example:8000', 8000)).toBe(false);
    expect(hostAllowed('127.0.0.1', 8000)).toBe(false);
    expect(hostAllowed(undefined, 8000)).toBe(false);
  });

  it('accepts no Origin (non-browser clients) or its own, nothing else', () => {
    expect(originAllowed(undefined, 8000)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8000', 8000)).toBe(true);
    expect(originAllowed('http://localhost:8000', 8000)).toBe(true);
    expect(originAllowed('null', 8000)).toBe(false);
    expect(originAllowed('http://127.0.0.1:9999', 8000)).toBe(false);
    expect(originAllowed('https://evil.example', 8000)).toBe(false);
  });

  it('spots dot segments, encoded or not', () => {
    for (const p of ['/../x', '/a/..', '/a/./b', '/%2e%2e/x', '/%2E%2e%2fx', '/a%2f..%2fb', '/a\\..\\b', '/a%5c..']) expect(hasDotSegments(p), p).toBe(true);
    for (const p of ['/', '/a/b.jpg', '/a..b/c', '/...x', '/?q=../x']) expect(hasDotSegments(p), p).toBe(false);
  });

  it('parses cookies, first value wins', () => {
    const c = parseCookies('a=1; atelier_token_80=xyz; a=2; junk');
    expect(c.get('a')).toBe('1');
    expect(c.get('atelier_token_80')).toBe('xyz');
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('allows only its own origin in the page CSP', () => {
    const csp = contentSecurityPolicy({ connect: ['ws://127.0.0.1:8000'] });
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain('ws://127.0.0.1:8000');
  });
});

describe('byte ranges', () => {
  it('parses single ranges, suffixes and open ends, and flags unsatisfiable ones', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-1', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
  });

  it('plans 200, 206, 304, 416 and HEAD answers', () => {
    const file = { path: '/x.jpg', size: 1000, mtimeMs: 1234, contentType: 'image/jpeg', immutable: false };
    const full = planFileResponse(file, { method: 'GET' });
    expect(full.status).toBe(200);
    expect(full.body).toEqual({ start: 0, end: 999 });
    expect(full.headers['Content-Length']).toBe('1000');
    const part = planFileResponse(file, { method: 'GET', range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers['Content-Range']).toBe('bytes 100-199/1000');
    expect(part.headers['Content-Length']).toBe('100');
    expect(planFileResponse(file, { method: 'GET', range: 'bytes=5000-' }).status).toBe(416);
    expect(planFileResponse(file, { method: 'GET', ifNoneMatch: etagOf(file) }).status).toBe(304);
    expect(planFileResponse(file, { method: 'HEAD' }).body).toBeNull();
    expect(planFileResponse({ ...file, immutable: true }, { method: 'GET' }).headers['Cache-Control']).toContain('immutable');
  });
});

describe('upload paths', () => {
  it('keeps plain relative paths and normalises separators', () => {
    expect(sanitizeRelPath('holiday/beach/IMG 1.jpg')).toBe('holiday/beach/IMG 1.jpg');
    expect(sanitizeRelPath('a\\b\\c.png')).toBe('a/b/c.png');
    expect(sanitizeRelPath('/abs/./x.jpg')).toBe('abs/x.jpg');
    expect(sanitizeRelPath('日本/写真.jpg')).toBe('日本/写真.jpg');
  });

  it('rejects traversal, NUL and empty paths; neutralises awkward names', () => {
    for (const bad of ['', '../x.jpg', 'a/../../x.jpg', 'a/..', 'x\0.jpg', '/', '...', ' . ']) expect(sanitizeRelPath(bad), bad).toBeNull();
    expect(sanitizeRelPath('a/CON.jpg')).toBe('a/_CON.jpg');
    expect(sanitizeRelPath('a:b?.jpg')).toBe('a_b_.jpg');
    expect(sanitizeRelPath('name. ')).toBe('name');
    expect(sanitizeRelPath('tab\there.jpg')).toBe('tabhere.jpg');
    expect(sanitizeRelPath(`${'é'.repeat(200)}.jpg`)!.length).toBeLessThanOrEqual(240);
  });
});
