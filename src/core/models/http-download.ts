import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, statfs, truncate, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';
import { assertUrlAllowed } from '../privacy';
import { RetryableError, classifyHttpStatus, classifyNetworkFailure } from './http-errors';

export interface DownloadFileOptions {
  url: string;
  /** Final path; bytes arrive in `<dest>.part` (with `<dest>.part.json`) and are renamed once verified. */
  dest: string;
  /** Display name for messages. */
  file: string;
  /** What the bytes are, independent of the server (e.g. repo@commit/file), so that partial bytes from one
   * endpoint resume from a mirror; defaults to the URL. Size, ETag and the final hash guard the join. */
  resumeKey?: string;
  /** Sent as `Authorization: Bearer` to the first URL's origin only, never to a CDN it redirects to. */
  token?: string;
  /** When on, the first URL and every redirect must stay on this machine. */
  privateMode: boolean;
  expectedBytes?: number;
  /** When absent, a sha256 the server states (Hugging Face's X-Linked-Etag for LFS files) is checked instead. */
  expectedSha256?: string;
  signal: AbortSignal;
  onProgress?: (received: number, total: number | null) => void;
  /** Tries after a dropped connection, a stall or a busy server (default 4), waiting retryDelayMs doubling;
   * a try that brought bytes starts the count again. */
  retries?: number;
  retryDelayMs?: number;
  /** A transfer with no bytes for this long counts as dropped (default 30 s). */
  idleTimeoutMs?: number;
  userAgent?: string;
}

export interface DownloadFileResult {
  bytes: number;
  sha256: string;
  /** The commit the server resolved the revision to (Hugging Face's X-Repo-Commit), when it said. */
  commit: string | null;
  /** Bytes already on disk when this call started (0: a fresh download). */
  resumedFrom: number;
  /** Requests that ended early and were resumed with a Range request. */
  resumes: number;
}

/** What a partial file is a part of; a resume whose server answer disagrees starts over. */
interface PartMeta {
  key: string;
  size: number | null;
  etag: string | null;
  commit: string | null;
}

/** The remote file is not the one the partial bytes came from (or the server ignored the range): start over. */
class Restart extends Error {}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
const MAX_RESTARTS = 2;

/** Downloads one file with HTTP Range resume, redirects, retries, a size and sha256 check, and an atomic
 * rename. Cancelling (the signal) keeps the partial file so that the next call resumes it. */
export async function downloadFile(o: DownloadFileOptions): Promise<DownloadFileResult> {
  const part = `${o.dest}.part`;
  const metaPath = `${part}.json`;
  await mkdir(dirname(o.dest), { recursive: true });
  const key = o.resumeKey ?? o.url;
  let meta = await readMeta(metaPath);
  if (!meta || meta.key !== key) {
    // Bytes whose origin is unknown cannot be resumed safely.
    await rm(part, { force: true });
    meta = null;
  }
  const resumedFrom = await sizeOf(part);
  const retries = o.retries ?? 4;
  let failures = 0;
  let restarts = 0;
  let resumes = 0;
  for (;;) {
    if (o.signal.aborted) throw cancelled(o.file, await sizeOf(part));
    try {
      const before = await sizeOf(part);
      const r = await attempt(o, key, part, metaPath, meta).catch(async (err: unknown) => {
        if (err instanceof RetryableError && (await sizeOf(part)) > before) failures = 0;
        throw err;
      });
      await rm(metaPath, { force: true });
      return { ...r, resumedFrom, resumes };
    } catch (err) {
      if (o.signal.aborted) throw cancelled(o.file, await sizeOf(part));
      if (err instanceof Restart) {
        if (++restarts > MAX_RESTARTS) throw new AppError('NETWORK', `The server keeps changing ${o.file} during the download (${err.message}).`);
        await rm(part, { force: true });
        meta = null;
        continue;
      }
      if (!(err instanceof RetryableError)) throw err;
      if (++failures > retries) throw err.error;
      await sleep((o.retryDelayMs ?? 500) * 2 ** (failures - 1), o.signal).catch(() => undefined);
      meta = await readMeta(metaPath);
      if ((await sizeOf(part)) > 0) resumes++;
    }
  }
}

async function attempt(
  o: DownloadFileOptions,
  key: string,
  part: string,
  metaPath: string,
  meta: PartMeta | null,
): Promise<Omit<DownloadFileResult, 'resumedFrom' | 'resumes'>> {
  let offset = await sizeOf(part);
  const idle = new AbortController();
  const idleMs = o.idleTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const bump = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleMs);
  };
  const signal = AbortSignal.any([o.signal, idle.signal]);
  const stalled = () =>
    new RetryableError(new AppError('NETWORK', `No data arrived for ${Math.round(idleMs / 1000)} s while downloading ${o.file}.`));
  bump();
  try {
    const hop = await openWithRedirects(o, offset, signal, idle.signal, stalled);
    const { res } = hop;
    let total: number | null;
    if (res.status === 416 && offset > 0) {
      await res.body?.cancel();
      // The part may already be whole (stopped after the last byte, before the rename).
      if (meta?.size === offset) return await finish(o, part, await hashFile(part), offset, hop.commit ?? meta.commit, null);
      throw new Restart('the server refused to resume');
    }
    if (res.status === 200) {
      if (offset > 0) await truncate(part, 0); // the server ignored the Range header
      offset = 0;
      total = numberHeader(res.headers.get('content-length'));
    } else if (res.status === 206) {
      const range = parseContentRange(res.headers.get('content-range'));
      if (!range || range.start !== offset) {
        await res.body?.cancel();
        throw new Restart('it answered a different range');
      }
      total = range.total;
    } else {
      await res.body?.cancel();
      throw classifyHttpStatus(res.status, res.url || o.url, o.file, hop.sentToken);
    }
    const size = hop.linkedSize ?? total;
    const etag = hop.linkedEtag ?? weakless(res.headers.get('etag'));
    if (offset > 0 && meta && ((meta.size && size && meta.size !== size) || (meta.etag && etag && meta.etag !== etag))) {
      await res.body?.cancel();
      throw new Restart('its size or version differs from the partial download');
    }
    if (o.expectedBytes && size && size !== o.expectedBytes) {
      await res.body?.cancel();
      await rm(part, { force: true });
      await rm(metaPath, { force: true });
      throw new AppError(
        'IO',
        `The server offers ${o.file} with ${size} bytes, but ${o.expectedBytes} are expected: it serves a different file (check the endpoint in Settings).`,
        { expectedBytes: o.expectedBytes, bytes: size },
      );
    }
    await writeMeta(metaPath, { key, size, etag, commit: hop.commit });
    if (size) await ensureSpace(dirname(part), size - offset, o.file);

    const hash = await hashFile(part);
    let received = offset;
    o.onProgress?.(received, size);
    const fh = await open(part, 'a');
    try {
      if (res.body) {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          bump();
          await fh.write(chunk);
          hash.update(chunk);
          received += chunk.byteLength;
          o.onProgress?.(received, size);
        }
      }
    } catch (err) {
      if (o.signal.aborted) throw err;
      if (idle.signal.aborted) throw stalled();
      throw classifyNetworkFailure(err, new URL(res.url || o.url).host);
    } finally {
      await fh.close();
    }
    if (size !== null && received !== size) {
      throw new RetryableError(new AppError('NETWORK', `The server ended ${o.file} after ${received} of ${size} bytes.`));
    }
    return await finish(o, part, hash, received, hop.commit, hop.linkedSha256);
  } finally {
    clearTimeout(timer);
  }
}

/** Verifies the finished part and moves it into place; a wrong hash deletes it (it would only fail again). */
async function finish(
  o: DownloadFileOptions,
  part: string,
  hash: Hash,
  bytes: number,
  commit: string | null,
  serverSha256: string | null,
): Promise<Omit<DownloadFileResult, 'resumedFrom' | 'resumes'>> {
  const sha256 = hash.digest('hex');
  const expected = o.expectedSha256 ?? serverSha256;
  if (expected && expected !== sha256) {
    await rm(part, { force: true });
    await rm(`${part}.json`, { force: true });
    throw new AppError(
      'IO',
      `${o.file} failed its checksum: expected sha256 ${expected}, got ${sha256}. The file was deleted. ` +
        'Download it again; if this repeats, the server (or mirror) sends a different file than the one pinned.',
      { file: o.file, expected, actual: sha256 },
    );
  }
  if (o.expectedBytes && bytes !== o.expectedBytes) {
    await rm(part, { force: true });
    throw new AppError('IO', `${o.file} has ${bytes} bytes, but ${o.expectedBytes} are expected. The file was deleted.`);
  }
  await rename(part, o.dest);
  return { bytes, sha256, commit };
}

interface Hop {
  res: Response;
  sentToken: boolean;
  commit: string | null;
  linkedEtag: string | null;
  linkedSize: number | null;
  linkedSha256: string | null;
}

/** GET with redirects followed by hand: each hop is checked against private mode, and the token never
 * leaves the first origin. Hugging Face states the file's commit, size and (for LFS files) sha256 on the
 * first hop, before redirecting to its CDN. */
async function openWithRedirects(
  o: DownloadFileOptions,
  offset: number,
  signal: AbortSignal,
  idle: AbortSignal,
  stalled: () => RetryableError,
): Promise<Hop> {
  let url = new URL(o.url);
  const origin = url.origin;
  const hop: Omit<Hop, 'res' | 'sentToken'> = { commit: null, linkedEtag: null, linkedSize: null, linkedSha256: null };
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    assertUrlAllowed(url, o.privateMode, `downloading ${o.file}`);
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (o.userAgent) headers['user-agent'] = o.userAgent;
    if (offset > 0) headers.range = `bytes=${offset}-`;
    const sentToken = !!o.token && url.origin === origin;
    if (sentToken) headers.authorization = `Bearer ${o.token}`;
    let res: Response;
    try {
      res = await fetch(url, { headers, redirect: 'manual', signal });
    } catch (err) {
      if (o.signal.aborted) throw err;
      if (idle.aborted) throw stalled();
      throw classifyNetworkFailure(err, url.host);
    }
    const h = res.headers;
    hop.commit ??= /^[0-9a-f]{40}$/.test(h.get('x-repo-commit') ?? '') ? h.get('x-repo-commit') : null;
    hop.linkedEtag ??= weakless(h.get('x-linked-etag'));
    hop.linkedSize ??= numberHeader(h.get('x-linked-size'));
    if (!REDIRECTS.has(res.status)) {
      hop.linkedSha256 = hop.linkedEtag && /^[0-9a-f]{64}$/.test(hop.linkedEtag) ? hop.linkedEtag : null;
      return { ...hop, res, sentToken };
    }
    const location = h.get('location');
    await res.body?.cancel();
    if (!location) throw new AppError('NETWORK', `${url.host} redirected ${o.file} without saying where.`);
    url = new URL(location, url);
  }
  throw new AppError('NETWORK', `Too many redirects while downloading ${o.file}.`);
}

export function parseContentRange(v: string | null): { start: number; end: number; total: number | null } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(v?.trim() ?? '');
  if (!m) return null;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
}

function numberHeader(v: string | null): number | null {
  return v && /^\d+$/.test(v.trim()) ? Number(v.trim()) : null;
}

function weakless(etag: string | null): string | null {
  return etag ? etag.replace(/^W\//, '').replace(/^"|"$/g, '') : null;
}

async function ensureSpace(dir: string, need: number, file: string): Promise<void> {
  const s = await statfs(dir).catch(() => null);
  if (!s) return;
  const free = Number(s.bavail) * Number(s.bsize);
  if (free < need + 64 * 1024 * 1024) {
    throw new AppError('IO', `Not enough disk space for ${file}: it needs ${mb(need)} and ${dir} has ${mb(free)} free.`, { need, free });
  }
}

function cancelled(file: string, bytes: number): AppError {
  return new AppError('CANCELLED', `Download of ${file} cancelled${bytes ? ` after ${mb(bytes)}; it resumes from there when started again` : ''}.`);
}

async function hashFile(path: string): Promise<Hash> {
  const hash = createHash('sha256');
  if ((await sizeOf(path)) === 0) return hash;
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash;
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => null))?.size ?? 0;
}

async function readMeta(path: string): Promise<PartMeta | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PartMeta;
  } catch {
    return null;
  }
}

function writeMeta(path: string, meta: PartMeta): Promise<void> {
  return writeFile(path, JSON.stringify(meta));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
