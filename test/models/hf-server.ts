import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One file the fake Hugging Face serves, at every revision of its repo. */
export interface FakeFile {
  repo: string;
  name: string;
  data: Buffer;
  /** Served like an LFS file: X-Linked-Size/X-Linked-Etag (its sha256) and, with a CDN, a redirect. */
  lfs?: boolean;
  /** Override the X-Linked-Etag (to state a wrong sha256). */
  linkedEtag?: string;
}

export interface FakeHfOptions {
  files: FakeFile[];
  /** What `main` resolves to (sent as X-Repo-Commit). */
  commit: string;
  /** Path the API lives under, for mirror-style endpoints (e.g. '/hf'). */
  prefix?: string;
  /** Answer 401 unless `Authorization: Bearer <token>`. */
  requireToken?: string;
  /** Redirect LFS files to a second server (another origin), like huggingface.co to its CDN. */
  cdn?: boolean;
  /** Redirect LFS files to this URL instead (to test private mode). */
  redirectTo?: string;
  /** Throttle: bytes per 20 ms tick. */
  chunkPerTick?: number;
  /** Dropped connections: each file response takes the next entry and destroys the socket after that many
   * body bytes; an empty list (or none) serves files whole. */
  breaks?: number[];
  /** Stalled transfers: each file response takes the next entry and stops sending after that many body
   * bytes, keeping the connection open. */
  stalls?: number[];
  /** Error answers: each file request takes the next entry and is answered with that status. */
  statuses?: number[];
  /** Answer 200 with the whole file even when a Range is asked for. */
  ignoreRange?: boolean;
}

export interface RequestLog {
  server: 'hf' | 'cdn';
  path: string;
  range: string | null;
  auth: string | null;
  status: number;
}

export interface FakeHf {
  /** The endpoint to put in settings.hfEndpoint. */
  endpoint: string;
  cdnUrl: string;
  opts: FakeHfOptions;
  log: RequestLog[];
  close(): Promise<void>;
}

export const COMMIT_A = 'a'.repeat(40);
export const COMMIT_B = 'b'.repeat(40);

export function fakeFile(repo: string, name: string, bytes: number, lfs = true): FakeFile {
  return { repo, name, data: randomBytes(bytes), lfs };
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** A local stand-in for huggingface.co: `<prefix>/<owner>/<name>/resolve/<rev>/<file>` with Range, ETags,
 * X-Repo-Commit, optional token, CDN redirect, throttling and dropped connections. Options can be changed
 * between requests through `opts`. */
export async function startFakeHf(opts: FakeHfOptions): Promise<FakeHf> {
  const log: RequestLog[] = [];
  const cdn = createServer((req, res) => {
    const m = /^\/blob\/([^/]+\/[^/]+)\/(.+)$/.exec(req.url ?? '');
    const file = m && opts.files.find((f) => f.repo === m[1] && f.name === decodeURIComponent(m[2]!));
    if (!file) return end(res, 404, 'cdn', req, log);
    sendFile(req, res, file, opts, log, 'cdn', {});
  });
  const hf = createServer((req, res) => {
    const prefix = opts.prefix ?? '';
    const url = req.url ?? '';
    const m = url.startsWith(prefix) ? /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.slice(prefix.length)) : null;
    if (!m) return end(res, 404, 'hf', req, log);
    const [, repo, rev, name] = m as unknown as [string, string, string, string];
    if (opts.requireToken && req.headers.authorization !== `Bearer ${opts.requireToken}`) return end(res, 401, 'hf', req, log);
    const file = opts.files.find((f) => f.repo === repo && f.name === decodeURIComponent(name));
    if (!file || (rev !== 'main' && rev !== opts.commit)) return end(res, 404, 'hf', req, log);
    const status = opts.statuses?.shift();
    if (status) return end(res, status, 'hf', req, log);
    const meta: Record<string, string> = { 'x-repo-commit': opts.commit };
    if (file.lfs) {
      meta['x-linked-size'] = String(file.data.length);
      meta['x-linked-etag'] = `"${file.linkedEtag ?? sha256(file.data)}"`;
    }
    const target = file.lfs && (opts.redirectTo ?? (opts.cdn ? `${cdnUrl}/blob/${repo}/${name}` : null));
    if (target) {
      res.writeHead(302, { ...meta, location: target });
      log.push({ server: 'hf', path: url, range: req.headers.range ?? null, auth: req.headers.authorization ?? null, status: 302 });
      return res.end();
    }
    sendFile(req, res, file, opts, log, 'hf', meta);
  });
  const listen = (s: Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));
  const hfPort = await listen(hf);
  const cdnPort = await listen(cdn);
  const cdnUrl = `http://127.0.0.1:${cdnPort}`;
  const close = (s: Server) =>
    new Promise<void>((r) => {
      s.closeAllConnections();
      s.close(() => r());
    });
  return {
    endpoint: `http://127.0.0.1:${hfPort}${opts.prefix ?? ''}`,
    cdnUrl,
    opts,
    log,
    close: async () => {
      await close(hf);
      await close(cdn);
    },
  };
}

function end(res: ServerResponse, status: number, server: RequestLog['server'], req: IncomingMessage, log: RequestLog[]): void {
  log.push({ server, path: req.url ?? '', range: req.headers.range ?? null, auth: req.headers.authorization ?? null, status });
  res.writeHead(status).end();
}

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: FakeFile,
  opts: FakeHfOptions,
  log: RequestLog[],
  server: RequestLog['server'],
  meta: Record<string, string>,
): void {
  const size = file.data.length;
  const etag = `"${sha256(file.data).slice(0, 16)}"`;
  const range = opts.ignoreRange ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  const entry: RequestLog = { server, path: req.url ?? '', range: req.headers.range ?? null, auth: req.headers.authorization ?? null, status: 200 };
  log.push(entry);
  if (start >= size && range) {
    entry.status = 416;
    res.writeHead(416, { ...meta, 'content-range': `bytes */${size}` }).end();
    return;
  }
  entry.status = range ? 206 : 200;
  res.writeHead(entry.status, {
    ...meta,
    etag,
    'accept-ranges': 'bytes',
    'content-length': String(size - start),
    ...(range ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
  });
  const body = file.data.subarray(start);
  const breakAt = opts.breaks?.shift() ?? null;
  const stallAt = opts.stalls?.shift() ?? null;
  const step = opts.chunkPerTick ?? 256 * 1024;
  let sent = 0;
  const pump = () => {
    if (res.destroyed) return;
    if (stallAt !== null && sent >= stallAt) return; // keep the connection open, send nothing more
    const limit = breakAt ?? Infinity;
    const n = Math.min(step, body.length - sent, limit - sent, stallAt !== null ? stallAt - sent : Infinity);
    sent += n;
    if (sent >= limit) {
      // Drop the connection once these bytes are flushed: the client got them, then a broken transfer.
      res.write(body.subarray(sent - n, sent), () => res.socket?.destroy());
      return;
    }
    res.write(body.subarray(sent - n, sent));
    if (sent >= body.length) res.end();
    else setTimeout(pump, opts.chunkPerTick ? 20 : 0);
  };
  pump();
}
