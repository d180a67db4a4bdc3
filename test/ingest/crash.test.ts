import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REPO, tmpDir } from '../helpers/tmp';
import { allItems, makePicture, openCore, until } from './helpers';

const run = promisify(execFile);
const CLI = join(REPO, 'bin/atelier.js');

function countItems(dbFile: string): number {
  if (!existsSync(dbFile)) return 0;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'items'").pluck().get() ? (db.prepare('SELECT COUNT(*) FROM items').pluck().get() as number) : 0;
  } catch {
    return 0; // the schema is being created
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  it('kill -9 during an import leaves a consistent database, and the rerun finishes with every file exactly once', async () => {
    const N = 160;
    const folder = join(tmpDir(), 'shoot');
    for (let i = 0; i < N; i++) await makePicture(join(folder, `d${i % 4}`, `img_${String(i).padStart(4, '0')}.jpg`), 640, 480, { seed: i });
    const data = tmpDir();
    const dbFile = join(data, 'atelier.db');
    const args = [CLI, '--data', data, 'import', folder, '--dataset', 'Shoot'];

    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await until(() => countItems(dbFile) >= 15, 30_000, 'the import to get going');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const db = new Database(dbFile);
    const atKill = db.prepare('SELECT COUNT(*) FROM items').pluck().get() as number;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare(`SELECT status FROM jobs`).pluck().all()).toEqual(['running']); // as the kill left it
    db.close();
    expect(atKill).toBeLessThan(N); // killed mid-import

    // The same command again: the interrupted job resumes first, then the new one finds nothing left to do.
    const { stdout } = await run(process.execPath, [...args, '--json'], { cwd: REPO, timeout: 60_000 });
    const out = JSON.parse(stdout) as { jobs: { id: number; status: string; result: Record<string, number> }[] };
    expect(out.jobs.map((j) => j.status)).toEqual(['done', 'done']);
    expect(out.jobs[0]!.result).toMatchObject({ pictures: N, duplicates: 0, failed: 0 });
    expect(out.jobs[1]!.result).toMatchObject({ pictures: N, unchanged: N, ready: 0 });

    const app = openCore(data, { startJobs: false });
    try {
      expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const [ds] = app.datasets.list();
      const items = allItems(app, ds!.id);
      expect(items).toHaveLength(N);
      expect(items.every((i) => i.status === 'ready')).toBe(true);
      expect(new Set(items.map((i) => i.absPath)).size).toBe(N);
      expect(new Set(items.map((i) => i.sha256)).size).toBe(N);
      expect(app.db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(N); // none hidden as missing either
      expect(app.db.prepare('SELECT COUNT(*) FROM job_errors').pluck().get()).toBe(0);
      expect(app.db.prepare('SELECT COUNT(*) FROM import_entries').pluck().get()).toBe(0);
    } finally {
      await app.close();
    }
  });
});
