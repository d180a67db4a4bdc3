import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { atelier, killMidImport } from '../cli/run-cli';
import { allItems, makePicture, makeZip, openCore } from './helpers';

const N = 160;

/** A folder of N distinct pictures in four sub-folders. */
async function shoot(): Promise<string> {
  const folder = join(tmpDir(), 'shoot');
  for (let i = 0; i < N; i++) await makePicture(join(folder, `d${i % 4}`, `img_${String(i).padStart(4, '0')}.jpg`), 640, 480, { seed: i });
  return folder;
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

interface Committed {
  id: number;
  abs_path: string;
  updated_at: string;
  /** For a library copy: its file, to tell a copy made again. */
  ino: number | null;
  mtimeMs: number | null;
}

const sources: { name: string; linked: boolean; args: (folder: string) => Promise<string[]> }[] = [
  { name: 'a linked folder', linked: true, args: async (folder) => [folder] },
  { name: 'a folder copied into the library (--copy)', linked: false, args: async (folder) => [folder, '--copy'] },
  {
    name: 'a zip archive',
    linked: false,
    args: async (folder) => {
      const zip = join(tmpDir(), 'shoot.zip');
      await makeZip(zip, files(folder).map((f) => ({ name: f.slice(folder.length + 1), data: readFileSync(f) })));
      return [zip];
    },
  },
];

describe.each(sources)('crash safety: kill -9 during the import of $name', (source) => {
  it('leaves a consistent database; the same command again continues the job, redoing no finished file, each file once', async () => {
    const data = tmpDir();
    const args = ['import', ...(await source.args(await shoot())), '--dataset', 'Shoot'];
    const atKill = await killMidImport(data, args, 15);
    expect(atKill).toBeLessThan(N); // killed mid-import

    const db = new Database(join(data, 'atelier.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare(`SELECT status FROM jobs`).pluck().all()).toEqual(['running']); // as the kill left it
    const committed = (db.prepare('SELECT id, abs_path, updated_at FROM items ORDER BY id').all() as Committed[]).map((r) => {
      const st = source.linked ? null : statSync(r.abs_path);
      return { ...r, ino: st?.ino ?? null, mtimeMs: st?.mtimeMs ?? null };
    });
    db.close();

    const again = await atelier(data, [...args, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const out = JSON.parse(again.stdout) as { jobs: { id: number; status: string; result: Record<string, number>; errors: { code: string }[] }[] };
    // One job: the interrupted one, continued (a second job would go over every file again).
    expect(out.jobs.map((j) => j.status)).toEqual(['done']);
    expect(out.jobs[0]!.result).toMatchObject({ pictures: N, ready: N, duplicates: 0, failed: 0 });
    expect(out.jobs[0]!.errors).toEqual([]); // no DUPLICATE report lines either

    const app = openCore(data, { startJobs: false });
    try {
      expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(app.db.prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(1);
      const [ds] = app.datasets.list();
      const items = allItems(app, ds!.id);
      expect(items).toHaveLength(N);
      expect(items.every((i) => i.status === 'ready')).toBe(true);
      expect(new Set(items.map((i) => i.absPath)).size).toBe(N);
      expect(new Set(items.map((i) => i.sha256)).size).toBe(N);
      expect(app.db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(N); // none hidden as missing either
      expect(app.db.prepare('SELECT COUNT(*) FROM job_errors').pluck().get()).toBe(0);
      expect(app.db.prepare('SELECT COUNT(*) FROM import_entries').pluck().get()).toBe(0);
      // What was committed before the kill was not done again: same rows, and for copies the same files.
      const now = new Map((app.db.prepare('SELECT id, abs_path, updated_at FROM items').all() as Committed[]).map((r) => [r.id, r]));
      for (const c of committed) {
        expect(now.get(c.id)).toEqual({ id: c.id, abs_path: c.abs_path, updated_at: c.updated_at });
        if (!source.linked) expect({ ino: statSync(c.abs_path).ino, mtimeMs: statSync(c.abs_path).mtimeMs }).toEqual({ ino: c.ino, mtimeMs: c.mtimeMs });
      }
      // The library holds one copy of each picture: no second copies, no half-written leftovers.
      if (!source.linked) expect(files(join(data, 'library')).sort()).toEqual(items.map((i) => i.absPath).sort());
    } finally {
      await app.close();
    }
  });
});
