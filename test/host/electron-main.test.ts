import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagePortPort, type MessagePortLike } from '../../src/renderer/transport';
import { PICK_FOLDER, PORT_MESSAGE, PORT_REQUEST } from '../../src/preload/bridge';
import type { Job } from '../../src/shared/contract';
import { createClient, type Client } from '../../src/shared/rpc';
import { FIXTURES, REPO, tmpDir } from '../helpers/tmp';
import { createFakeElectron, fakeFrame, type FakePortMain } from './fake-electron';

/** Loads the built Electron main bundle with a recording stand-in for Electron and drives it as a page would. */
describe('Electron main (dist/main/main.cjs, with a stand-in Electron)', () => {
  let dataDir: string;
  let fake: ReturnType<typeof createFakeElectron>;
  let client: Client;
  const restore: (() => void)[] = [];

  beforeAll(async () => {
    // Started as `npm start -- --data DIR` would: the folder named on the command line, not Electron's userData.
    const base = tmpDir('atelier-electron-');
    dataDir = join(base, 'from --data');
    fake = createFakeElectron(join(base, 'userData'));
    const prevEnv = process.env.ATELIER_DATA;
    delete process.env.ATELIER_DATA;
    restore.push(() => (prevEnv === undefined ? delete process.env.ATELIER_DATA : (process.env.ATELIER_DATA = prevEnv)));
    const prevArgv = process.argv;
    process.argv = [...prevArgv, '--data', dataDir];
    restore.push(() => (process.argv = prevArgv));
    const M = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
    const load = M._load;
    M._load = function (request, parent, isMain) {
      return request === 'electron' ? fake.electron : load.call(this, request, parent, isMain);
    };
    restore.push(() => (M._load = load));
    createRequire(join(REPO, 'package.json'))(join(REPO, 'dist/main/main.cjs'));
    for (let i = 0; i < 100 && fake.rec.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  });

  afterAll(() => {
    client?.close();
    restore.forEach((fn) => fn());
  });

  it('registers its two schemes as privileged and opens one sandboxed, isolated window on its own page', () => {
    expect(fake.rec.errors).toEqual([]);
    expect(fake.rec.privileged.map((s) => s.scheme).sort()).toEqual(['atelier-app', 'atelier-media']);
    for (const s of fake.rec.privileged) expect(s.privileges).toMatchObject({ standard: true, secure: true });
    expect(fake.rec.windows).toHaveLength(1);
    const w = fake.rec.windows[0]!;
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(existsSync(w.options.webPreferences.preload)).toBe(true);
    expect(w.url).toBe('atelier-app://app/index.html');
    expect(existsSync(join(dataDir, 'atelier.lock'))).toBe(true);
  });

  it('denies navigation, new windows and permissions (external https links go to the browser)', () => {
    const wc = fake.rec.windows[0]!.webContents;
    let prevented = 0;
    wc.emit('will-navigate', { preventDefault: () => prevented++ }, 'https://example.com');
    wc.emit('will-attach-webview', { preventDefault: () => prevented++ });
    expect(prevented).toBe(2);
    expect(wc.openHandler!({ url: 'https://example.com/doc' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.rec.opened).toEqual(['https://example.com/doc']);
    let granted: boolean | null = null;
    fake.rec.permissionRequest!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(fake.rec.permissionCheck!(null, 'geolocation')).toBe(false);
    expect(fake.rec.permissionCheck!(null, 'clipboard-sanitized-write')).toBe(true);
  });

  it('serves the page with a strict CSP from atelier-app://', async () => {
    const res = await fake.rec.protocols.get('atelier-app')!(new Request('atelier-app://app/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain('atelier-media:');
    expect((await fake.rec.protocols.get('atelier-app')!(new Request('atelier-app://app/%2e%2e/%2e%2e/package.json'))).status).toBe(404);
  });

  it('hands a contract port only to its own main frame, and the core answers through it', async () => {
    const onPort = fake.rec.ipcOn.get(PORT_REQUEST)!;
    const stranger = fakeFrame('https://attacker.example/');
    onPort({ senderFrame: stranger });
    const sub = fakeFrame('atelier-app://app/index.html');
    onPort({ senderFrame: sub });
    onPort({ senderFrame: null });
    expect(stranger.posted).toEqual([]);
    expect(sub.posted).toEqual([]);

    const main = fake.rec.windows[0]!.webContents.mainFrame;
    onPort({ senderFrame: main });
    expect(main.posted.map((p) => p.channel)).toEqual([PORT_MESSAGE]);
    const port = main.posted[0]!.ports[0] as FakePortMain;
    client = createClient(messagePortPort(port.node as unknown as MessagePortLike));
    const info = await client.call('system.info', {});
    expect(info).toMatchObject({ host: 'electron', dataDir });
  });

  it('answers the folder picker for its own frame only', async () => {
    const pick = fake.rec.ipcHandle.get(PICK_FOLDER)!;
    expect(await pick({ senderFrame: fakeFrame('https://attacker.example/') })).toBeNull();
    expect(await pick({ senderFrame: fake.rec.windows[0]!.webContents.mainFrame })).toBe('/picked/folder');
  });

  it('serves originals and renditions over atelier-media:// through the core guard, with ranges', async () => {
    const ds = await client.call('datasets.create', { name: 'Desk' });
    const finished = new Promise<Job>((resolve) => client.on('job.updated', (j) => (j.status === 'done' || j.status === 'failed') && resolve(j)));
    await client.call('import.start', { datasetId: ds.id, paths: [join(FIXTURES, 'anime')] });
    expect((await finished).status).toBe('done');
    const { items } = await client.call('items.list', { datasetId: ds.id });
    const item = items[0]!;
    const media = fake.rec.protocols.get('atelier-media')!;

    const full = await media(new Request(`atelier-media://local/original/${item.id}`));
    expect(full.status).toBe(200);
    expect(full.headers.get('access-control-allow-origin')).toBe('atelier-app://app');
    expect(Buffer.from(await full.arrayBuffer()).equals(readFileSync(item.absPath))).toBe(true);
    const part = await media(new Request(`atelier-media://local/original/${item.id}`, { headers: { Range: 'bytes=0-99' } }));
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    const preview = await media(new Request(`atelier-media://local/rendition/${item.sha256}/preview`));
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toMatch(/^image\//);

    expect((await media(new Request('atelier-media://local/original/../../etc/passwd'))).status).toBe(404);
    expect((await media(new Request('atelier-media://local/original/999999'))).status).toBe(404);
    expect((await media(new Request(`atelier-media://local/rendition/${item.sha256}/huge`))).status).toBe(404);
  });

  it('remembers the window bounds in the data dir', () => {
    fake.rec.windows[0]!.emit('close');
    const saved = JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false });
  });

  it('opens a new window on activate (macOS Dock) once the last one closed, again and again', () => {
    const app = fake.electron.app;
    app.emit('activate');
    expect(fake.rec.windows).toHaveLength(1);
    fake.rec.windows[0]!.emit('closed');
    app.emit('activate');
    expect(fake.rec.windows).toHaveLength(2);
    // The second window, too, is forgotten when it closes.
    fake.rec.windows[1]!.emit('closed');
    app.emit('activate');
    expect(fake.rec.windows).toHaveLength(3);
    expect(fake.rec.windows[2]!.url).toBe('atelier-app://app/index.html');
  });

  it('closes the core before quitting (jobs resume next start), then quits', async () => {
    fake.electron.app.quit();
    expect(fake.rec.quitPrevented).toBe(1);
    for (let i = 0; i < 100 && fake.rec.quitCalls < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(fake.rec.quitCalls).toBe(2);
    expect(fake.rec.quitPrevented).toBe(1);
    await expect(client.call('datasets.list', {})).rejects.toThrow();
    expect(existsSync(join(dataDir, 'atelier.lock'))).toBe(false);
  });
});
