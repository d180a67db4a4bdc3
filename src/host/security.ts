import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The host's access rules: a random per-launch token (URL once, then an HttpOnly cookie), and Host/Origin
 * checks that stop DNS rebinding and cross-site requests. Pure functions over headers, unit-tested. */

export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensEqual(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookies are shared across ports of one host name, so the cookie's name carries the port. */
export function cookieName(port: number): string {
  return `atelier_token_${port}`;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k && !out.has(k)) out.set(k, v);
  }
  return out;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The Host header must name this server by loopback address or `localhost` with its port (DNS rebinding). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A present Origin must be this server's own (CSRF, cross-site WebSocket). Absent: a non-browser client. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** The token a request carries: the session cookie, or `Authorization: Bearer` for programmatic clients. */
export function requestToken(req: IncomingMessage, port: number): string | null {
  const cookie = parseCookies(req.headers.cookie).get(cookieName(port));
  if (cookie) return cookie;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return null;
}

/** Whether a raw request path has `.`/`..` segments (also percent-encoded or with backslashes). Such paths are
 * refused outright rather than normalised, so no route ever sees a path that climbed. */
export function hasDotSegments(rawPath: string): boolean {
  const path = rawPath.split('?')[0]!.replace(/%2e/gi, '.').replace(/%2f|%5c|\\/gi, '/');
  return path.split('/').some((s) => s === '.' || s === '..');
}
