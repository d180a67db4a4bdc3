import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { isInside } from '../core/media';

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

/** The page's Content-Security-Policy: only its own origin (plus the given sources); inline styles for the
 * component library; no inline or remote scripts. */
export function contentSecurityPolicy(extra: { connect?: string[]; media?: string[] } = {}): string {
  const media = (extra.media ?? []).join(' ');
  const connect = (extra.connect ?? []).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data: ${media}`.trim(),
    `media-src 'self' blob: ${media}`.trim(),
    "font-src 'self' data:",
    `connect-src 'self' ${connect} ${media}`.trim(),
    "worker-src 'self' blob:",
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

/** What to answer for a page path: a file of the built renderer, the placeholder page, or a status. Pure but for
 * existence checks; shared by the HTTP host and Electron's atelier-app:// protocol. */
export type StaticPlan =
  | { status: 200; headers: Record<string, string>; file: string; size: number }
  | { status: 200; headers: Record<string, string>; text: string }
  | { status: 400 | 404; headers: Record<string, string>; text: string };

export function planStatic(rendererDir: string, pathname: string, csp: string): StaticPlan {
  const base = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };
  const plain = { ...base, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return { status: 400, headers: plain, text: 'Bad path.' };
  }
  if (rel.includes('\0')) return { status: 400, headers: plain, text: 'Bad path.' };
  const root = resolve(rendererDir);
  const index = join(root, 'index.html');
  let file = resolve(join(root, rel));
  if (!isInside(file, root)) return { status: 404, headers: plain, text: 'Not found.' };
  // Paths without an extension are the app's own routes: they get the page.
  if (file === root || (!extname(file) && !existsSync(file))) file = index;
  const st = statSync(file, { throwIfNoEntry: false });
  const html = { ...base, 'Content-Type': TYPES['.html']!, 'Cache-Control': 'no-cache', 'Content-Security-Policy': csp };
  if (!st) return file === index ? { status: 200, headers: html, text: PLACEHOLDER_PAGE } : { status: 404, headers: plain, text: 'Not found.' };
  if (!st.isFile()) return { status: 404, headers: plain, text: 'Not found.' };
  const ext = extname(file).toLowerCase();
  if (ext === '.html') return { status: 200, headers: html, file, size: st.size };
  return {
    status: 200,
    headers: {
      ...base,
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      // Vite names built assets by content hash.
      'Cache-Control': rel.startsWith('/assets/') ? 'private, max-age=31536000, immutable' : 'no-cache',
    },
    file,
    size: st.size,
  };
}

/** Serves the built renderer (dist/renderer) over HTTP. */
export function serveStatic(rendererDir: string, pathname: string, method: string, csp: string, res: ServerResponse): void {
  const plan = planStatic(rendererDir, pathname, csp);
  const body = 'file' in plan ? null : Buffer.from(plan.text);
  res.writeHead(plan.status, { ...plan.headers, 'Content-Length': String(body ? body.length : (plan as { size: number }).size) });
  if (method === 'HEAD') res.end();
  else if (body) res.end(body);
  else createReadStream((plan as { file: string }).file).on('error', () => res.destroy()).pipe(res);
}
