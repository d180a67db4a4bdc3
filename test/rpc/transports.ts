import WebSocket from 'ws';
import { afterEach } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { RPC_PATH, startHost } from '../../src/host';
import { createClient, socketPort, type Client } from '../../src/shared/rpc';
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

export async function wsClient(port: number, token: string): Promise<{ client: Client; socket: WebSocket }> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}${RPC_PATH}`, { headers: { Authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { client: createClient(socketPort(socket)), socket };
}

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
      const { client } = await wsClient(host.port, host.token);
      cleanups.push(() => client.close());
      return { app, client };
    },
  },
];
