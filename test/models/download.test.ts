import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { modelDownloadJob } from '../../src/core/models';
import type { Job } from '../../src/shared/contract';
import { AppError } from '../../src/shared/errors';
import { tmpDir } from '../helpers/tmp';
import { COMMIT_A, COMMIT_B, fakeFile, sha256, startFakeHf, type FakeHf, type FakeHfOptions } from './hf-server';

// A catalog model without pinned hashes or sizes: its hashes are recorded at the first download.
const ID = 'wd-swinv2-tagger-v3';
const REPO = 'SmilingWolf/wd-swinv2-tagger-v3';
const MODEL_BYTES = 1_500_000;

const servers: FakeHf[] = [];
const apps: Atelier[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const s of servers.splice(0)) await s.close();
});

async function server(extra: Partial<FakeHfOptions> = {}): Promise<FakeHf> {
  const s = await startFakeHf({
    commit: COMMIT_A,
    files: [fakeFile(REPO, 'model.onnx', MODEL_BYTES), fakeFile(REPO, 'selected_tags.csv', 5000, false)],
    ...extra,
  });
  servers.push(s);
  return s;
}

/** An app whose download job retries quickly (the default waits 0.5 s, 1 s, 2 s…). */
function app(dataDir = tmpDir(), endpoint?: string): Atelier {
  const a = createAtelier({ dataDir, host: 'memory' });
  a.jobs.register(modelDownloadJob(a, { retryDelayMs: 20 }));
  if (endpoint) a.settings.update({ hfEndpoint: endpoint });
  apps.push(a);
  return a;
}

const data = (s: FakeHf, name: string) => s.opts.files.find((f) => f.name === name)!.data;
const modelDir = (a: Atelier) => join(a.dataDir, 'models', ID);

async function download(a: Atelier): Promise<Job> {
  const { jobId } = await a.connect().call('models.download', { id: ID });
  return a.jobs.wait(jobId);
}

const rangeStart = (range: string | null) => (range ? Number(/^bytes=(\d+)-$/.exec(range)![1]) : 0);

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const t = Date.now();
  while (!cond()) {
    if (Date.now() - t > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('model downloads against a local Hugging Face stand-in', () => {
  it('downloads every file, resolves the branch to its commit, records hashes and lists the model', async () => {
    const s = await server();
    const a = app(undefined, s.endpoint);
    const client = a.connect();
    const changes: string[] = [];
    client.on('models.changed', (e) => changes.push(`${e.modelId}:${e.change}`));
    const progress: number[] = [];
    client.on('job.updated', (j) => j.kind === 'model-download' && progress.push(j.done));
    await new Promise((r) => setTimeout(r, 0));

    const job = await download(a);
    expect(job.status).toBe('done');
    expect(job.done).toBe(MODEL_BYTES + 5000);
    expect(job.total).toBe(job.done);
    expect(progress.length).toBeGreaterThan(1);
    expect(readFileSync(join(modelDir(a), 'model.onnx')).equals(data(s, 'model.onnx'))).toBe(true);
    expect(readFileSync(join(modelDir(a), 'selected_tags.csv')).equals(data(s, 'selected_tags.csv'))).toBe(true);
    // The first file was asked for at `main`; once the server named the commit, the rest came from it.
    expect(s.log.map((l) => l.path)).toEqual([`/${REPO}/resolve/main/model.onnx`, `/${REPO}/resolve/${COMMIT_A}/selected_tags.csv`]);

    const [listed] = await client.call('models.list', {});
    expect(listed).toMatchObject({ id: ID, source: 'catalog', status: 'ready', revision: COMMIT_A, repo: REPO });
    expect(listed!.diskBytes).toBeGreaterThanOrEqual(MODEL_BYTES + 5000);
    expect(listed!.files.find((f) => f.name === 'model.onnx')!.sha256).toBe(sha256(data(s, 'model.onnx')));
    const cat = (await client.call('models.catalog', {})).find((m) => m.id === ID)!;
    expect(cat.status).toBe('ready');
    expect(a.db.prepare('SELECT sha256 FROM model_file_hashes WHERE revision = ? AND file = ?').pluck().get(COMMIT_A, 'model.onnx')).toBe(
      sha256(data(s, 'model.onnx')),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(changes).toEqual([`${ID}:downloaded`]);

    // Delete: the folder goes and the space is reported.
    const del = await client.call('models.delete', { id: ID });
    expect(del.deleted).toBe(true);
    expect(del.freedBytes).toBeGreaterThanOrEqual(MODEL_BYTES);
    expect(existsSync(modelDir(a))).toBe(false);
    expect(await client.call('models.list', {})).toEqual([]);
  });

  it('resumes with a Range request after the server drops the connection mid-file', async () => {
    const s = await server({ breaks: [600_000] });
    const a = app(undefined, s.endpoint);
    const job = await download(a);
    expect(job.status).toBe('done');
    const model = s.log.filter((l) => l.path.endsWith('model.onnx'));
    expect(model).toHaveLength(2);
    expect(model[0]!.range).toBeNull();
    // Bytes still queued in the client when the socket broke are lost: it resumes from what reached the disk.
    expect(rangeStart(model[1]!.range)).toBeGreaterThan(400_000);
    expect(rangeStart(model[1]!.range)).toBeLessThanOrEqual(600_000);
    expect(model[1]!.status).toBe(206);
    expect(sha256(readFileSync(join(modelDir(a), 'model.onnx')))).toBe(sha256(data(s, 'model.onnx')));
  });

  it('resumes again and again while each try brings more bytes (more drops than the retry limit)', async () => {
    const s = await server({ breaks: [300_000, 200_000, 200_000, 200_000, 200_000, 200_000] });
    const a = app(undefined, s.endpoint);
    expect((await download(a)).status).toBe('done');
    const starts = s.log.filter((l) => l.path.endsWith('model.onnx')).map((l) => rangeStart(l.range));
    expect(starts).toHaveLength(7);
    expect(starts[0]).toBe(0);
    // Each try resumed past the last, up to where the server dropped it.
    [300, 500, 700, 900, 1100, 1300].forEach((k, i) => {
      expect(starts[i + 1]!).toBeGreaterThan(starts[i]!);
      expect(starts[i + 1]!).toBeLessThanOrEqual(k * 1000);
    });
    expect(sha256(readFileSync(join(modelDir(a), 'model.onnx')))).toBe(sha256(data(s, 'model.onnx')));
  });

  it('keeps the partial file when the connection keeps failing, and a later download resumes it, even from a mirror', async () => {
    const s = await server({ breaks: [400_000, 0, 0, 0, 0, 0] });
    const a = app(undefined, s.endpoint);
    const failed = await download(a);
    expect(failed.status).toBe('failed');
    expect(failed.error!.code).toBe('NETWORK');
    expect(failed.error!.message).toMatch(/broke/);
    const part = join(modelDir(a), 'model.onnx.part');
    const have = statSync(part).size;
    expect(have).toBeGreaterThan(0);
    expect(have).toBeLessThanOrEqual(400_000);
    expect((await a.connect().call('models.catalog', {})).find((m) => m.id === ID)!.status).toBe('partial');

    // The same files from another server: the bytes on disk are kept and the rest is fetched.
    const mirror = await startFakeHf({ ...s.opts, breaks: [], prefix: '/mirror' });
    servers.push(mirror);
    a.settings.update({ hfEndpoint: mirror.endpoint });
    const done = await download(a);
    expect(done.status).toBe('done');
    expect(mirror.log[0]!.range).toBe(`bytes=${have}-`);
    expect(sha256(readFileSync(join(modelDir(a), 'model.onnx')))).toBe(sha256(data(s, 'model.onnx')));
  });

  it('starts over when the server ignores the Range header', async () => {
    const s = await server({ breaks: [500_000], ignoreRange: true });
    const a = app(undefined, s.endpoint);
    expect((await download(a)).status).toBe('done');
    expect(sha256(readFileSync(join(modelDir(a), 'model.onnx')))).toBe(sha256(data(s, 'model.onnx')));
  });

  it('rejects a file whose content changed for a commit whose hash was recorded, and keeps nothing of it', async () => {
    const s = await server();
    const a = app(undefined, s.endpoint);
    expect((await download(a)).status).toBe('done');
    await a.connect().call('models.delete', { id: ID });
    // Same commit, same size, different bytes: a tampered mirror.
    const f = s.opts.files.find((x) => x.name === 'model.onnx')!;
    f.data = Buffer.from(f.data.map((b) => b ^ 0xff));
    f.linkedEtag = sha256(Buffer.alloc(0)); // and a server-stated hash that does not fit either
    const failed = await download(a);
    expect(failed.status).toBe('failed');
    expect(failed.error!.code).toBe('IO');
    expect(failed.error!.message).toMatch(/checksum|sha256/);
    expect(existsSync(join(modelDir(a), 'model.onnx'))).toBe(false);
    expect(existsSync(join(modelDir(a), 'model.onnx.part'))).toBe(false);
  });

  it('checks the sha256 the server states for an LFS file', async () => {
    const s = await server();
    s.opts.files[0]!.linkedEtag = 'f'.repeat(64);
    const a = app(undefined, s.endpoint);
    const failed = await download(a);
    expect(failed.error).toMatchObject({ code: 'IO' });
    expect(failed.error!.message).toContain(`expected sha256 ${'f'.repeat(64)}`);
    expect(existsSync(join(modelDir(a), 'model.onnx.part'))).toBe(false);
  });

  it('refuses a pinned model whose server file has another size, before downloading it', async () => {
    const repo = 'SmilingWolf/wd-vit-tagger-v3';
    const s = await startFakeHf({ commit: '7f6b584d0bd3f55c4531f14ba3d4761b2bccdc0f', files: [fakeFile(repo, 'model.onnx', 300_000)] });
    servers.push(s);
    const a = app(undefined, s.endpoint);
    const { jobId } = await a.connect().call('models.download', { id: 'wd-vit-tagger-v3' });
    const failed = await a.jobs.wait(jobId);
    expect(s.log[0]!.path).toBe(`/${repo}/resolve/7f6b584d0bd3f55c4531f14ba3d4761b2bccdc0f/model.onnx`);
    expect(failed.error).toMatchObject({ code: 'IO' });
    expect(failed.error!.message).toMatch(/300000 bytes, but 378536310/);
    expect(existsSync(join(a.dataDir, 'models', 'wd-vit-tagger-v3', 'model.onnx.part'))).toBe(false);
  });

  it('answers 401 without a token, and with one sends it to Hugging Face but not to the CDN', async () => {
    const s = await server({ requireToken: 'hf_secret', cdn: true });
    const a = app(undefined, s.endpoint);
    const denied = await download(a);
    expect(denied.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(denied.error!.message).toMatch(/token/);

    a.settings.update({ hfToken: 'hf_secret' });
    expect((await download(a)).status).toBe('done');
    const hops = s.log.filter((l) => l.status !== 401);
    expect(hops.filter((l) => l.server === 'hf').every((l) => l.auth === 'Bearer hf_secret')).toBe(true);
    expect(hops.filter((l) => l.server === 'cdn').length).toBe(1);
    expect(hops.filter((l) => l.server === 'cdn').every((l) => l.auth === null)).toBe(true);
  });

  it('uses a mirror endpoint with a path prefix', async () => {
    const s = await server({ prefix: '/hf-mirror' });
    const a = app(undefined, `${s.endpoint}/`);
    expect((await download(a)).status).toBe('done');
    expect(s.log[0]!.path).toBe(`/hf-mirror/${REPO}/resolve/main/model.onnx`);
  });

  it('reports an unreachable endpoint as NETWORK with advice', async () => {
    const s = await server();
    const endpoint = s.endpoint;
    await s.close();
    servers.splice(0);
    const a = app(undefined, endpoint);
    const failed = await download(a);
    expect(failed.error).toMatchObject({ code: 'NETWORK' });
    expect(failed.error!.message).toMatch(/refused/);
    expect(failed.error!.message).toMatch(/mirror/);
  });

  it('in private mode refuses a remote endpoint at once and a redirect that leaves the machine', async () => {
    const a = app();
    a.settings.update({ privateMode: true });
    const err = await a.connect().call('models.download', { id: ID }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PRIVACY_BLOCKED');
    expect(a.jobs.list({ limit: 10 })).toEqual([]);

    const s = await server({ redirectTo: 'http://cdn.example.com/model.onnx' });
    a.settings.update({ hfEndpoint: s.endpoint });
    const failed = await download(a);
    expect(failed.error).toMatchObject({ code: 'PRIVACY_BLOCKED' });
    expect(failed.error!.message).toContain('cdn.example.com');
  });

  it('cancels mid-file and a new download resumes from the partial bytes', async () => {
    const s = await server({ chunkPerTick: 32 * 1024 });
    const a = app(undefined, s.endpoint);
    const client = a.connect();
    const { jobId } = await client.call('models.download', { id: ID });
    expect((await client.call('models.download', { id: ID })).jobId).toBe(jobId);
    await waitFor(() => a.jobs.get(jobId).done > 300_000);
    const del = await client.call('models.delete', { id: ID }).catch((e: unknown) => e);
    expect((del as AppError).code).toBe('CONFLICT');
    await client.call('jobs.cancel', { jobId });
    expect((await a.jobs.wait(jobId)).status).toBe('cancelled');
    const have = statSync(join(modelDir(a), 'model.onnx.part')).size;
    expect(have).toBeGreaterThan(300_000);

    s.opts.chunkPerTick = undefined;
    const n = s.log.length;
    const again = await download(a);
    expect(again.id).not.toBe(jobId);
    expect(again.status).toBe('done');
    expect(s.log[n]!.range).toBe(`bytes=${have}-`);
    expect(sha256(readFileSync(join(modelDir(a), 'model.onnx')))).toBe(sha256(data(s, 'model.onnx')));
  });

  it('resumes an interrupted download when the app starts again', async () => {
    const s = await server({ chunkPerTick: 32 * 1024 });
    const dataDir = tmpDir();
    const a = app(dataDir, s.endpoint);
    const { jobId } = await a.connect().call('models.download', { id: ID });
    await waitFor(() => a.jobs.get(jobId).done > 300_000);
    await a.close();
    s.opts.chunkPerTick = undefined;
    const n = s.log.length;

    const b = app(dataDir);
    const job = await b.jobs.wait(jobId);
    expect(job.status).toBe('done');
    expect(s.log[n]!.range).toMatch(/^bytes=\d{6,}-$/);
    expect(sha256(readFileSync(join(modelDir(b), 'model.onnx')))).toBe(sha256(data(s, 'model.onnx')));
  });

  it('records a new commit when the branch moves', async () => {
    const s = await server();
    const a = app(undefined, s.endpoint);
    await download(a);
    await a.connect().call('models.delete', { id: ID });
    s.opts.commit = COMMIT_B;
    s.opts.files[0]!.data = Buffer.from(s.opts.files[0]!.data.map((b) => b ^ 1));
    expect((await download(a)).status).toBe('done');
    const [m] = await a.connect().call('models.list', {});
    expect(m!.revision).toBe(COMMIT_B);
  });
});
