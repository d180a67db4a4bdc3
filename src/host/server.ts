import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { Atelier } from '../core/app';
import { packageRoot } from '../core/util/package-root';
import { RPC_PATH, UPLOAD_COMMIT_PATH, UPLOAD_PATH } from '../shared/host-routes';
import { serveRpc, socketPort } from '../shared/rpc';
import { sendError, sendJson, sendText } from './http-util';
import { serveMedia } from './media-route';
import { createToken, hasDotSegments, hostAllowed, originAllowed, requestToken, sessionCookie, tokensEqual } from './security';
import { contentSecurityPolicy, serveStatic } from './static-route';
import { handleUpload, handleUploadCommit } from './upload-route';

export interface HostOptions {
  core: Atelier;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer; default dist/renderer of the package. */
  rendererDir?: string;
  /** Fixed token (tests); default a fresh random one. */
  token?: string;
}

export interface Host {
  port: number;
  token: string;
  /** The address to open: carries the token once; the page then holds it in an HttpOnly cookie. */
  url: string;
  close(): Promise<void>;
}

const MAX_WS_MESSAGE = 16 * 1024 * 1024;

/** The headless host: HTTP + WebSocket on 127.0.0.1 only, one random token per launch. */
export async function startHost(opts: HostOptions): Promise<Host> {
  const { core } = opts;
  const token = opts.token ?? createToken();
  const rendererDir = opts.rendererDir ?? join(packageRoot(), 'dist', 'renderer');
  let port = 0;
  let csp = '';

  const authed = (req: IncomingMessage) => tokensEqual(requestToken(req, port), token);
  const sameSite = (req: IncomingMessage) => hostAllowed(req.headers.host, port) && originAllowed(req.headers.origin, port);

  // No overall request time limit: uploads of large videos over loopback may take minutes.
  const server = createServer({ requestTimeout: 0 }, (req, res) => {
    void handle(req, res).catch((err: unknown) => sendError(res, err));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameSite(req)) return sendText(res, 403, 'Forbidden: Atelier only answers its own pages on 127.0.0.1.');
    if (hasDotSegments(req.url ?? '/')) return sendText(res, 400, 'Bad path.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const method = req.method ?? 'GET';
    const given = url.searchParams.get('token');
    if (given !== null && (method === 'GET' || method === 'HEAD')) {
      if (!tokensEqual(given, token)) return sendText(res, 401, 'This link has an old or wrong token: use the address `atelier serve` printed this time.');
      // Trade the token in the address for a cookie, and drop it from the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(302, { 'Set-Cookie': sessionCookie(port, token), Location: url.pathname + url.search, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (!authed(req)) {
      const accept = req.headers.accept ?? '';
      if (accept.includes('text/html')) return sendText(res, 401, 'Open Atelier with the address `atelier serve` printed: it carries the access token.');
      return sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'Missing or wrong access token.' } });
    }
    if (url.pathname.startsWith('/media/')) return serveMedia(core, req, res, url.pathname.slice('/media/'.length));
    if (url.pathname === UPLOAD_PATH && method === 'POST') return handleUpload(core, req, res, url);
    if (url.pathname === UPLOAD_COMMIT_PATH && method === 'POST') return handleUploadCommit(core, req, res);
    if (method === 'GET' || method === 'HEAD') return serveStatic(rendererDir, url.pathname, method, csp, res);
    return sendJson(res, 405, { error: { code: 'INVALID_INPUT', message: `${method} ${url.pathname} is not supported.` } });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const ok = url.pathname === RPC_PATH && sameSite(req) && (authed(req) || tokensEqual(url.searchParams.get('token'), token));
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serveRpc(socketPort(ws), core.handlers, core.bus);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  csp = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });

  let closing: Promise<void> | null = null;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close() {
      closing ??= (async () => {
        for (const ws of wss.clients) ws.close(1001, 'Atelier is shutting down.');
        await new Promise<void>((r) => wss.close(() => r()));
        const closed = new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
