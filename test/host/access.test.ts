import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { RPC_PATH } from '../../src/host';
import { createClient, socketPort } from '../../src/shared/rpc';
import { startFixtureHost } from './fixture-host';
import { raw } from './http-client';

function wsOutcome(url: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

describe('headless host access', () => {
  it('listens on 127.0.0.1 only and prints a URL that carries the token', async () => {
    const { host } = await startFixtureHost();
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('trades the token in the URL for an HttpOnly SameSite=Strict cookie and redirects without it', async () => {
    const { host } = await startFixtureHost();
    const first = await raw(host.port, `/?token=${host.token}`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`atelier_token_${host.port}=${host.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await raw(host.port, '/', { headers: { Cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Atelier</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses requests without the token, with a wrong one, or with another port\'s cookie', async () => {
    const { host } = await startFixtureHost();
    expect((await raw(host.port, '/')).status).toBe(401);
    expect((await raw(host.port, '/?token=wrong')).status).toBe(401);
    expect((await raw(host.port, '/assets/app.js')).status).toBe(401);
    expect((await raw(host.port, '/', { headers: { Cookie: `atelier_token_1=${host.token}` } })).status).toBe(401);
    expect((await raw(host.port, '/', { headers: { Cookie: `atelier_token_${host.port}=${host.token}x` } })).status).toBe(401);
    expect((await raw(host.port, '/', { headers: { Authorization: `Bearer ${host.token}` } })).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin (CSRF), even with the cookie', async () => {
    const { host, auth } = await startFixtureHost();
    const rebinding = await raw(host.port, '/', { headers: { ...auth, Host: `attacker.example:${host.port}` } });
    expect(rebinding.status).toBe(403);
    expect((await raw(host.port, '/', { headers: { ...auth, Host: `127.0.0.1:1` } })).status).toBe(403);
    const csrf = await raw(host.port, '/upload/commit', {
      method: 'POST',
      headers: { ...auth, Origin: 'https://attacker.example', 'Content-Type': 'text/plain' },
      body: '{"datasetId":1,"batch":"x"}',
    });
    expect(csrf.status).toBe(403);
    expect((await raw(host.port, '/', { headers: { ...auth, Origin: `http://localhost:${host.port}`, Host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('serves the renderer, falls back to index.html for app routes and never leaves its folder', async () => {
    const { host, auth } = await startFixtureHost();
    const js = await raw(host.port, '/assets/app.js', { headers: auth });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await raw(host.port, '/datasets/3', { headers: auth })).body.toString()).toContain('<title>Atelier</title>');
    for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fpackage.json', '/%00']) {
      const r = await raw(host.port, p, { headers: auth });
      // Either refused, or normalised by the URL parser to a path inside the renderer (the app page).
      if (r.status === 200) expect(r.body.toString(), p).toContain('<title>Atelier</title>');
      else expect([400, 404], p).toContain(r.status);
      expect(r.body.toString()).not.toMatch(/root:|"name"/);
    }
  });

  it('shows a placeholder page when the renderer is not built', async () => {
    const { host, auth } = await startFixtureHost({ renderer: false });
    const r = await raw(host.port, '/', { headers: auth });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain('npm run build');
  });

  it('opens the RPC WebSocket only with the token, the right Host and the right Origin', async () => {
    const { host, auth } = await startFixtureHost();
    const url = `ws://127.0.0.1:${host.port}${RPC_PATH}`;
    expect(await wsOutcome(url, {})).toBe(403);
    expect(await wsOutcome(`${url}?token=nope`, {})).toBe(403);
    expect(await wsOutcome(url, { ...auth, Origin: 'https://attacker.example' })).toBe(403);
    expect(await wsOutcome(url, { ...auth, Host: `attacker.example:${host.port}` })).toBe(403);
    expect(await wsOutcome(`ws://127.0.0.1:${host.port}/other`, auth)).toBe(403);
    expect(await wsOutcome(url, { ...auth, Origin: `http://127.0.0.1:${host.port}` })).toBe('open');
    expect(await wsOutcome(`${url}?token=${host.token}`, {})).toBe('open');

    const ws = new WebSocket(url, { headers: auth });
    await new Promise((r) => ws.once('open', r));
    const client = createClient(socketPort(ws));
    expect((await client.call('system.info', {})).host).toBe('headless');
    // Garbage frames are ignored, the connection keeps working.
    ws.send('not json');
    ws.send(JSON.stringify({ hello: 1 }));
    expect(await client.call('datasets.list', {})).toEqual([]);
    client.close();
  });

  it('closes open sockets and stops listening on close', async () => {
    const { host, auth } = await startFixtureHost();
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${RPC_PATH}`, { headers: auth });
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    await host.close();
    expect(await closed).toBe(1001);
    await expect(raw(host.port, '/', { headers: auth })).rejects.toThrow();
  });
});
