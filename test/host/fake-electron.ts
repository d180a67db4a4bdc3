import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';

/** Just enough of Electron's main-process API to load dist/main/main.cjs under Node and record what it does.
 * (Electron's binary cannot run on the test machines; this checks the shell's wiring, not Electron.) */

export interface FakeFrame {
  url: string;
  posted: { channel: string; ports: FakePortMain[] }[];
  postMessage(channel: string, message: unknown, ports?: FakePortMain[]): void;
}

export function fakeFrame(url: string): FakeFrame {
  const frame: FakeFrame = {
    url,
    posted: [],
    postMessage(channel, _message, ports = []) {
      frame.posted.push({ channel, ports });
    },
  };
  return frame;
}

/** MessagePortMain over a Node MessagePort: 'message' events carry {data}. */
export class FakePortMain extends EventEmitter {
  constructor(readonly node: MessagePort) {
    super();
    node.on('message', (data: unknown) => this.emit('message', { data, ports: [] }));
    node.on('close', () => this.emit('close'));
  }
  postMessage(data: unknown): void {
    this.node.postMessage(data);
  }
  start(): void {
    this.node.start();
  }
  close(): void {
    this.node.close();
  }
}

export class FakeWebContents extends EventEmitter {
  mainFrame = fakeFrame('');
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }): void {
    this.openHandler = fn;
  }
}

export function createFakeElectron(userData: string) {
  const rec = {
    privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
    protocols: new Map<string, (req: Request) => Promise<Response> | Response>(),
    ipcOn: new Map<string, (event: { senderFrame: FakeFrame | null }) => void>(),
    ipcHandle: new Map<string, (event: { senderFrame: FakeFrame | null }) => Promise<unknown>>(),
    windows: [] as FakeWindow[],
    permissionRequest: null as null | ((wc: unknown, permission: string, done: (ok: boolean) => void) => void),
    permissionCheck: null as null | ((wc: unknown, permission: string) => boolean),
    opened: [] as string[],
    quitCalls: 0,
    quitPrevented: 0,
    errors: [] as string[],
  };

  class FakeWindow extends EventEmitter {
    webContents = new FakeWebContents();
    url = '';
    maximized = false;
    constructor(readonly options: Record<string, any>) {
      super();
      rec.windows.push(this);
    }
    loadURL(url: string): Promise<void> {
      this.url = url;
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    show(): void {}
    focus(): void {}
    restore(): void {}
    maximize(): void {
      this.maximized = true;
    }
    isMaximized(): boolean {
      return this.maximized;
    }
    isMinimized(): boolean {
      return false;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
  }

  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => (name === 'userData' ? userData : `/nonexistent/${name}`),
    quit() {
      rec.quitCalls++;
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (prevented) rec.quitPrevented++;
    },
    exit(code: number) {
      rec.errors.push(`exit ${code}`);
    },
  });

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    MessageChannelMain: class {
      port1: FakePortMain;
      port2: FakePortMain;
      constructor() {
        const { port1, port2 } = new MessageChannel();
        this.port1 = new FakePortMain(port1);
        this.port2 = new FakePortMain(port2);
      }
    },
    protocol: {
      registerSchemesAsPrivileged: (list: typeof rec.privileged) => rec.privileged.push(...list),
      handle: (scheme: string, fn: (req: Request) => Promise<Response>) => rec.protocols.set(scheme, fn),
    },
    ipcMain: {
      on: (ch: string, fn: (e: { senderFrame: FakeFrame | null }) => void) => rec.ipcOn.set(ch, fn),
      handle: (ch: string, fn: (e: { senderFrame: FakeFrame | null }) => Promise<unknown>) => rec.ipcHandle.set(ch, fn),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof rec.permissionRequest) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof rec.permissionCheck) => (rec.permissionCheck = fn),
      },
    },
    dialog: {
      showOpenDialog: () => Promise.resolve({ canceled: false, filePaths: ['/picked/folder'] }),
      showErrorBox: (title: string, msg: string) => rec.errors.push(`${title}: ${msg}`),
    },
    shell: { openExternal: (url: string) => (rec.opened.push(url), Promise.resolve()) },
  };
  return { electron, rec };
}
