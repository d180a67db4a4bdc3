import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import { cookieName, startHost, type Host } from '../../src/host';
import { tmpDir } from '../helpers/tmp';

export interface HostFixture {
  app: Atelier;
  host: Host;
  dataDir: string;
  /** Headers of a signed-in browser tab. */
  auth: Record<string, string>;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of open.splice(0).reverse()) await fn();
});

/** A core on a fresh data dir with the headless host in front of it, and a tiny built renderer. */
export async function startFixtureHost(opts: { renderer?: boolean } = {}): Promise<HostFixture> {
  const dataDir = tmpDir();
  const rendererDir = join(tmpDir(), 'renderer');
  if (opts.renderer !== false) {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Atelier</title><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  }
  const app = createAtelier({ dataDir, host: 'headless' });
  const host = await startHost({ core: app, rendererDir });
  open.push(() => app.close(), () => host.close());
  return { app, host, dataDir, auth: { Cookie: `${cookieName(host.port)}=${host.token}` } };
}
