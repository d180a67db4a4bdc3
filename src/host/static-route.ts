import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { isInside } from '../core/media';
import { sendText } from './http-util';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The page's Content-Security-Policy: only this origin; inline styles for the component library. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Atelier</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem">
<h1>Atelier is running</h1>
<p>The studio window is not built yet: run <code>npm run build</code>, then reload this page.</p>
</body></html>
`;

/** Serves the built renderer (dist/renderer); paths without an extension get index.html (client-side routes). */
export function serveStatic(rendererDir: string, pathname: string, method: string, port: number, res: ServerResponse): void {
  const security = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'Bad path.');
  }
  if (rel.includes('\0')) return sendText(res, 400, 'Bad path.');
  const root = resolve(rendererDir);
  let file = resolve(join(root, rel));
  if (!isInside(file, root)) return sendText(res, 404, 'Not found.');
  if (file === root || (!extname(file) && !existsSync(file))) file = join(root, 'index.html');
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return sendText(res, 404, 'Not found.');
    size = st.size;
  } catch {
    if (file === join(root, 'index.html')) {
      res.setHeader('Content-Security-Policy', contentSecurityPolicy(port));
      for (const [k, v] of Object.entries(security)) res.setHeader(k, v);
      return sendText(res, 200, PLACEHOLDER_PAGE, TYPES['.html']);
    }
    return sendText(res, 404, 'Not found.');
  }
  const isHtml = extname(file) === '.html';
  res.writeHead(200, {
    ...security,
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
    // Vite names built assets by content hash; the page itself must be revalidated.
    'Cache-Control': rel.startsWith('/assets/') ? 'private, max-age=31536000, immutable' : 'no-cache',
    ...(isHtml ? { 'Content-Security-Policy': contentSecurityPolicy(port) } : {}),
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}
