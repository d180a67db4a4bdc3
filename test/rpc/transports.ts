import WebSocket from 'ws';
import { afterEach } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { cookieName, startHost } from '../../src/host';
import { connectHeadless, messagePortPort, type OpeningSocket } from '../../src/renderer/transport';
import { createClient, serveRpc, type Client } from '../../src/shared/rpc';
import { tmpDir } from '../helpers/tmp';

export interface TransportCase {
  name: string;
  /** A fresh core on a temporary data dir and a contract client reaching it through this transport. */
  open(): Promise<{ app: Atelier; client: Client }>;
}

/** Closes what the current test opened, clients first, then hosts, then cores. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

export const transports: TransportCase[] = [
  {
    name: 'in-memory',
    async open() {
      const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
      cleanups.push(() => app.close());
      const client = app.connect();
      cleanups.push(() => client.close());
      return { app, client };
    },
  },
  {
    name: 'WebSocket',
    async open() {
      const app = createAtelier({ dataDir: tmpDir(), host: 'headless' });
      cleanups.push(() => app.close());
      const host = await startHost({ core: app });
      cleanups.push(() => host.close());
      // The page's own connector, with the session cookie a browser would hold.
      const cookie = `${cookieName(host.port)}=${host.token}`;
      const conn = await connectHeadless({
        baseUrl: `http://127.0.0.1:${host.port}`,
        openSocket: (url) => new WebSocket(url, { headers: { Cookie: cookie } }) as unknown as OpeningSocket,
      });
      cleanups.push(() => conn.client.close());
      return { app, client: conn.client };
    },
  },
  {
    name: 'MessagePort',
    async open() {
      // Electron's shape: the page's MessagePort adapter on both ends of a real MessageChannel.
      const app = createAtelier({ dataDir: tmpDir(), host: 'electron' });
      cleanups.push(() => app.close());
      const { port1, port2 } = new MessageChannel();
      serveRpc(messagePortPort(port1), app.handlers, app.bus);
      const client = createClient(messagePortPort(port2));
      cleanups.push(() => client.close());
      return { app, client };
    },
  },
];
