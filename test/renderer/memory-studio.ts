import { afterEach } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import type { Connection } from '../../src/renderer/transport/types';
import { createStudio, type Studio } from '../../src/renderer/state/studio';
import { tmpDir } from '../helpers/tmp';

/** A real core on a temporary data dir, and the window's stores on an in-memory connection to it. */
export interface Harness {
  core: Atelier;
  conn: Connection;
  studio: Studio;
  errors: unknown[];
}

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    h.studio.dispose();
    await h.core.close();
  }
});

export function memoryConnection(core: Atelier): Connection {
  return {
    client: core.connect(),
    host: 'headless',
    renditionUrl: (sha, kind) => `/media/r/${sha}/${kind}`,
    originalUrl: (id) => `/media/o/${id}`,
  };
}

export function harness(): Harness {
  const core = createAtelier({ dataDir: tmpDir(), host: 'memory', startJobs: true });
  const conn = memoryConnection(core);
  const errors: unknown[] = [];
  const studio = createStudio(conn, (e) => errors.push(e));
  const h = { core, conn, studio, errors };
  open.push(h);
  return h;
}

/** Items straight into the store (names img0000.png…), so tests need no pictures. */
export function seedItems(core: Atelier, datasetId: number, n: number, name = (i: number) => `img${String(i).padStart(4, '0')}.png`): number[] {
  const ins = core.db.prepare(
    "INSERT INTO items (dataset_id, rel_path, abs_path, status, sha256, byte_size, width, height, mtime_ms) VALUES (?, ?, ?, 'ready', ?, ?, ?, ?, ?)",
  );
  return core.db.transaction(() =>
    Array.from({ length: n }, (_, i) =>
      Number(ins.run(datasetId, name(i), `/data/${datasetId}/${name(i)}`, `sha${i % 7}`, 1000 + i, 64 + (i % 5), 64, i).lastInsertRowid),
    ),
  )();
}

/** Resolves once the predicate holds (stores update asynchronously over the transport). */
export async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error('Condition not met in time.');
    await new Promise((r) => setTimeout(r, 10));
  }
}
