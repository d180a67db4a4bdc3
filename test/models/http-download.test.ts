import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadFile, parseContentRange, type DownloadFileOptions } from '../../src/core/models';
import { AppError } from '../../src/shared/errors';
import { tmpDir } from '../helpers/tmp';
import { COMMIT_A, fakeFile, sha256, startFakeHf, type FakeHf, type FakeHfOptions } from './hf-server';

const REPO = 'org/model';
const servers: FakeHf[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server(extra: Partial<FakeHfOptions> = {}): Promise<FakeHf> {
  const s = await startFakeHf({ commit: COMMIT_A, files: [fakeFile(REPO, 'model.onnx', 700_000)], ...extra });
  servers.push(s);
  return s;
}

function opts(s: FakeHf, dest: string, extra: Partial<DownloadFileOptions> = {}): DownloadFileOptions {
  return { url: `${s.endpoint}/${REPO}/resolve/main/model.onnx`, dest, file: 'model.onnx', privateMode: false, signal: new AbortController().signal, retryDelayMs: 10, ...extra };
}

const body = (s: FakeHf) => s.opts.files[0]!.data;

describe('downloadFile', () => {
  it('verifies a pinned hash and deletes a file that fails it', async () => {
    const s = await server();
    const dest = join(tmpDir(), 'model.onnx');
    const ok = await downloadFile(opts(s, dest, { expectedSha256: sha256(body(s)), expectedBytes: 700_000 }));
    expect(ok).toMatchObject({ bytes: 700_000, sha256: sha256(body(s)), commit: COMMIT_A, resumedFrom: 0, resumes: 0 });
    expect(readFileSync(dest).equals(body(s))).toBe(true);

    const bad = join(tmpDir(), 'model.onnx');
    const err = await downloadFile(opts(s, bad, { expectedSha256: '0'.repeat(64) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('IO');
    expect((err as AppError).message).toMatch(/failed its checksum: expected sha256 0{64}, got [0-9a-f]{64}\. The file was deleted/);
    expect(existsSync(bad)).toBe(false);
    expect(existsSync(`${bad}.part`)).toBe(false);
  });

  it('finishes a part that already holds every byte (the server answers 416)', async () => {
    const s = await server();
    const dest = join(tmpDir(), 'model.onnx');
    const o = opts(s, dest);
    // As left by a run stopped after the last byte but before the rename.
    writeFileSync(`${dest}.part`, body(s));
    writeFileSync(`${dest}.part.json`, JSON.stringify({ key: o.url, size: 700_000, etag: null, commit: COMMIT_A }));
    const r = await downloadFile(o);
    expect(r).toMatchObject({ bytes: 700_000, resumedFrom: 700_000, sha256: sha256(body(s)) });
    expect(s.log.map((l) => [l.range, l.status])).toEqual([['bytes=700000-', 416]]);
    expect(readFileSync(dest).equals(body(s))).toBe(true);
  });

  it('discards partial bytes of another file (a different size on the server)', async () => {
    const s = await server();
    const dest = join(tmpDir(), 'model.onnx');
    const o = opts(s, dest);
    writeFileSync(`${dest}.part`, Buffer.alloc(1000, 7));
    writeFileSync(`${dest}.part.json`, JSON.stringify({ key: o.url, size: 999_999, etag: null, commit: null }));
    const r = await downloadFile(o);
    expect(s.log.map((l) => l.range)).toEqual(['bytes=1000-', null]);
    expect(r.sha256).toBe(sha256(body(s)));
  });

  it('treats a stalled transfer as dropped and resumes it', async () => {
    const s = await server({ stalls: [250_000] });
    const dest = join(tmpDir(), 'model.onnx');
    const r = await downloadFile(opts(s, dest, { idleTimeoutMs: 300 }));
    expect(r.resumes).toBe(1);
    expect(s.log.map((l) => l.range)).toEqual([null, 'bytes=250000-']);
    expect(readFileSync(dest).equals(body(s))).toBe(true);
  });

  it('retries a busy server, but not a missing file', async () => {
    const s = await server({ statuses: [503, 429] });
    const dest = join(tmpDir(), 'model.onnx');
    expect((await downloadFile(opts(s, dest))).bytes).toBe(700_000);
    expect(s.log.map((l) => l.status)).toEqual([503, 429, 200]);

    const missing = await downloadFile(opts(s, join(tmpDir(), 'x'), { url: `${s.endpoint}/${REPO}/resolve/main/nope.onnx` })).catch((e: unknown) => e);
    expect((missing as AppError).code).toBe('NOT_FOUND');
    expect((missing as AppError).message).toMatch(/404/);
    const busy = await server({ statuses: [500, 500, 500] });
    const gaveUp = await downloadFile(opts(busy, join(tmpDir(), 'y'), { retries: 2 })).catch((e: unknown) => e);
    expect((gaveUp as AppError).code).toBe('NETWORK');
    expect((gaveUp as AppError).message).toMatch(/HTTP 500/);
  });

  it('cancels mid-transfer, keeping the part, and resumes it on the next call', async () => {
    const s = await server({ chunkPerTick: 16 * 1024 });
    const dest = join(tmpDir(), 'model.onnx');
    const ac = new AbortController();
    let seen = 0;
    const err = await downloadFile(
      opts(s, dest, {
        signal: ac.signal,
        onProgress: (n) => {
          seen = n;
          if (n > 100_000) ac.abort();
        },
      }),
    ).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('CANCELLED');
    expect((err as AppError).message).toMatch(/resumes from there/);
    s.opts.chunkPerTick = undefined;
    const r = await downloadFile(opts(s, dest));
    expect(r.resumedFrom).toBe(seen);
    expect(s.log.at(-1)!.range).toBe(`bytes=${seen}-`);
    expect(readFileSync(dest).equals(body(s))).toBe(true);
  });

  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 100-199/200')).toEqual({ start: 100, end: 199, total: 200 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0, end: 9, total: null });
    expect(parseContentRange('items 1-2/3')).toBeNull();
    expect(parseContentRange(null)).toBeNull();
  });
});
