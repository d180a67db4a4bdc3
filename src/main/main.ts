// The Electron shell: one window on the core. Everything the app does lives in src/core; this file only wires
// the window, the protocols and the one contract port.
import { app, BrowserWindow, dialog, ipcMain, MessageChannelMain, protocol, screen, session, shell, type WebFrameMain } from 'electron';
import { join } from 'node:path';
import { createAtelier, dataFlag, resolveDataDir, type Atelier } from '../core/app';
import { startWatching } from '../core/ingest';
import { packageRoot } from '../core/util/package-root';
import { acquireInstanceLock, contentSecurityPolicy, mediaFetch, staticFetch, type InstanceLock } from '../host';
import { CHOOSE_DATA_FOLDER, PICK_FOLDER, PORT_MESSAGE, PORT_REQUEST } from '../preload/bridge';
import { APP_SCHEME, MEDIA_SCHEME } from '../shared/host-routes';
import { serveRpc } from '../shared/rpc';
import { loadDataFolderChoice, relaunchArgs, saveDataFolderChoice } from './data-folder';
import { mainPort } from './main-port';
import { APP_ORIGIN, APP_URL, isAppUrl, isExternalLink } from './trust';
import { fitBounds, loadWindowState, MIN_SIZE, saveWindowState, WINDOW_STATE_FILE } from './window-state';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);

const CSP = contentSecurityPolicy({ media: [`${MEDIA_SCHEME}:`] });
let core: Atelier | null = null;
let lock: InstanceLock | null = null;
let win: BrowserWindow | null = null;

/** IPC is answered only for the main frame of our window showing our own page. */
function trusted(frame: WebFrameMain | null): frame is WebFrameMain {
  return !!frame && !!win && frame === win.webContents.mainFrame && isAppUrl(frame.url);
}

function createWindow(dataDir: string): BrowserWindow {
  const stateFile = join(dataDir, WINDOW_STATE_FILE);
  const saved = loadWindowState(stateFile);
  const bounds = fitBounds(saved.bounds, screen.getAllDisplays().map((d) => d.workArea));
  const w = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Atelier',
    webPreferences: {
      preload: join(packageRoot(), 'dist', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (saved.maximized) w.maximize();
  w.once('ready-to-show', () => w.show());
  w.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  w.webContents.on('will-navigate', (e) => e.preventDefault());
  w.webContents.on('will-redirect', (e) => e.preventDefault());
  w.webContents.on('will-attach-webview', (e) => e.preventDefault());
  w.on('close', () => saveWindowState(stateFile, { bounds: w.getNormalBounds(), maximized: w.isMaximized() }));
  void w.loadURL(APP_URL);
  return w;
}

async function start(): Promise<void> {
  await app.whenReady();
  const appData = app.getPath('userData');
  const dataDir = resolveDataDir(dataFlag(process.argv), process.env, () => loadDataFolderChoice(appData) ?? appData);
  lock = acquireInstanceLock(dataDir, 'The Atelier app');
  const c = createAtelier({ dataDir, host: 'electron', searchIndex: true });
  core = c;
  startWatching(c);

  const rendererDir = join(packageRoot(), 'dist', 'renderer');
  protocol.handle(APP_SCHEME, (req) => staticFetch(rendererDir, req, CSP));
  // The page may read pixels of media (canvas): allow its origin, and only it.
  protocol.handle(MEDIA_SCHEME, (req) => mediaFetch(c, req, { 'Access-Control-Allow-Origin': APP_ORIGIN }));
  // The page asks for nothing: no camera, notifications, geolocation... (copying to the clipboard is fine).
  session.defaultSession.setPermissionRequestHandler((_wc, permission, done) => done(permission === 'clipboard-sanitized-write'));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'clipboard-sanitized-write');

  ipcMain.on(PORT_REQUEST, (event) => {
    if (!trusted(event.senderFrame)) return;
    const { port1, port2 } = new MessageChannelMain();
    serveRpc(mainPort(port1), c.handlers, c.bus);
    port1.start();
    event.senderFrame.postMessage(PORT_MESSAGE, null, [port2]);
  });
  ipcMain.handle(PICK_FOLDER, async (event) => {
    if (!trusted(event.senderFrame) || !win) return null;
    const r = await dialog.showOpenDialog(win, { properties: ['openDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  // Settings → Data folder: the new folder is remembered and the app restarts on it (quitting closes the core).
  ipcMain.handle(CHOOSE_DATA_FOLDER, async (event) => {
    if (!trusted(event.senderFrame) || !win) return null;
    const r = await dialog.showOpenDialog(win, { defaultPath: dataDir, properties: ['openDirectory', 'createDirectory'] });
    const chosen = r.canceled ? undefined : r.filePaths[0];
    if (!chosen || chosen === dataDir) return null;
    saveDataFolderChoice(appData, chosen);
    app.relaunch({ args: relaunchArgs(process.argv.slice(1), chosen) });
    setImmediate(() => app.quit());
    return chosen;
  });

  // macOS keeps the app running without a window; a click on its Dock icon opens a new one, which must forget
  // itself when closed just like the first.
  const openWindow = () => {
    const w = createWindow(dataDir);
    w.on('closed', () => {
      if (win === w) win = null;
    });
    win = w;
  };
  openWindow();
  app.on('activate', () => {
    if (!win) openWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quitting stops running jobs the way a crash would not: they are marked interrupted and resume next start.
  let coreClosed = false;
  app.on('before-quit', (e) => {
    if (coreClosed || !core) return;
    e.preventDefault();
    const c = core;
    core = null;
    void c.close().finally(() => {
      lock?.release();
      coreClosed = true;
      app.quit();
    });
  });
  start().catch((err: unknown) => {
    dialog.showErrorBox('Atelier could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
