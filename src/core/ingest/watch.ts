import type { Stats } from 'node:fs';
import { basename, dirname, extname, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { isInside } from '../media';
import { fileKind, isJunkDir } from './file-kinds';
import { itemsUnder, markMissing, setImportedCaption, writeScannedFile } from './item-writes';
import { readSidecar, siblingCaption } from './sidecars';
import type { IngestService } from './service';
import { WatchedLinks } from './watch-links';

/** Keeps linked, watched folders in sync: added and changed pictures are (re)imported, removed ones marked
 * missing, edited caption sidecars update imported captions. When a watch starts it also reconciles what changed
 * while Atelier was closed (files whose size or time differ, files that are gone). Symbolic links are followed
 * by the rule the import's walk uses (linkedFolder), so the watcher sees the files the import found. */

interface Root {
  id: number;
  datasetId: number;
  path: string;
}

type Task = { root: Root; path: string };

export class FolderWatchers {
  private readonly active = new Map<number, { root: Root; watcher: FSWatcher; ready: Promise<void> }>();
  private readonly queue = new Map<string, Task>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly svc: IngestService) {}

  /** Starts watching a root if it is a linked root marked watched (idempotent). */
  watchRoot(rootId: number): void {
    if (this.closed || this.active.has(rootId)) return;
    const row = this.svc.core.db
      .prepare(`SELECT id, dataset_id AS datasetId, path FROM dataset_roots WHERE id = ? AND mode = 'linked' AND watch = 1`)
      .get(rootId) as Root | undefined;
    if (!row) return;
    const seen = new Set<string>();
    const links = new WatchedLinks(row.path, this.svc.renditionsDir);
    let ready = false;
    const watcher = watch(row.path, {
      ignoreInitial: false,
      alwaysStat: true,
      followSymlinks: true,
      awaitWriteFinish: { stabilityThreshold: 250, pollInterval: 50 },
      ignored: (p: string, st?: Stats) => this.ignored(row, links, p, st),
    });
    watcher.on('add', (p: string, st?: Stats) => {
      if (!ready) {
        seen.add(p);
        if (st && this.unchanged(row, p, st)) return;
      }
      this.enqueue(row, p);
    });
    watcher.on('change', (p: string) => this.enqueue(row, p));
    watcher.on('unlink', (p: string) => this.gone(row, p, false));
    watcher.on('addDir', (p: string) => links.appeared(p));
    watcher.on('unlinkDir', (p: string) => {
      links.gone(p);
      this.gone(row, p, true);
    });
    const whenReady = new Promise<void>((resolve) =>
      watcher.on('ready', () => {
        ready = true;
        this.reconcile(row, seen);
        seen.clear();
        resolve();
      }),
    );
    // An unreadable sub-folder or a vanished root is not worth crashing the host for.
    watcher.on('error', () => {});
    this.active.set(rootId, { root: row, watcher, ready: whenReady });
  }

  /** Resolves when every watcher started so far has done its first scan. */
  async ready(): Promise<void> {
    await Promise.all([...this.active.values()].map((w) => w.ready));
  }

  /** Roots currently watched. */
  watchedRoots(): number[] {
    return [...this.active.keys()];
  }

  async unwatchDataset(datasetId: number): Promise<void> {
    for (const [id, w] of this.active) {
      if (w.root.datasetId !== datasetId) continue;
      this.active.delete(id);
      await w.watcher.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue.clear();
    await Promise.all([...this.active.values()].map((w) => w.watcher.close()));
    this.active.clear();
    await Promise.allSettled([...this.running]);
  }

  /** Chokidar asks once by path, then with the entry's stats (of what a link points to, when it follows one). */
  private ignored(root: Root, links: WatchedLinks, p: string, st?: Stats): boolean {
    if (p === root.path) return false;
    const name = basename(p);
    if (isInside(p, this.svc.renditionsDir)) return true;
    if (st?.isFile()) {
      const kind = fileKind(name);
      return kind !== 'picture' && kind !== 'caption';
    }
    if (!st?.isDirectory()) return false;
    return isJunkDir(name) || name.startsWith('.') || links.notFollowed(p, st);
  }

  private unchanged(root: Root, p: string, st: Stats): boolean {
    const row = this.svc.core.db
      .prepare(`SELECT byte_size, mtime_ms FROM items WHERE dataset_id = ? AND abs_path = ? AND status != 'missing'`)
      .get(root.datasetId, p) as { byte_size: number | null; mtime_ms: number | null } | undefined;
    // Captions are read again with their picture, so an unchanged sidecar needs nothing either.
    if (fileKind(basename(p)) === 'caption') return true;
    return !!row && row.byte_size === st.size && row.mtime_ms === st.mtimeMs;
  }

  private reconcile(root: Root, seen: Set<string>): void {
    const { db } = this.svc.core;
    const ids = itemsUnder(db, root.datasetId, root.path).filter((r) => !seen.has(r.abs_path)).map((r) => r.id);
    this.missing(root, ids);
  }

  private gone(root: Root, p: string, folder: boolean): void {
    if (this.closed) return;
    const { db } = this.svc.core;
    const ids = folder
      ? itemsUnder(db, root.datasetId, p).map((r) => r.id)
      : (db.prepare(`SELECT id FROM items WHERE dataset_id = ? AND abs_path = ? AND status != 'missing'`).pluck().all(root.datasetId, p) as number[]);
    this.missing(root, ids);
  }

  private missing(root: Root, ids: number[]): void {
    if (!ids.length) return;
    const { db } = this.svc.core;
    db.transaction(() => markMissing(db, root.datasetId, ids)).immediate();
    this.svc.events.add(root.datasetId, ids);
  }

  private enqueue(root: Root, path: string): void {
    if (this.closed) return;
    this.queue.set(path, { root, path });
    this.drain();
  }

  private drain(): void {
    while (!this.closed && this.queue.size && this.running.size < this.svc.pool.capacity) {
      const [path, task] = this.queue.entries().next().value!;
      this.queue.delete(path);
      const run = this.apply(task).finally(() => {
        this.running.delete(run);
        this.drain();
      });
      this.running.add(run);
    }
  }

  private async apply({ root, path }: Task): Promise<void> {
    const { db } = this.svc.core;
    if (fileKind(basename(path)) === 'caption') {
      const text = await readSidecar(path);
      const ids = this.picturesOfSidecar(root.datasetId, path);
      if (this.closed || text === null || !ids.length) return;
      db.transaction(() => ids.forEach((id) => setImportedCaption(db, id, text))).immediate();
      this.svc.events.add(root.datasetId, ids);
      return;
    }
    const probe = await this.svc.probe(path);
    const sidecar = siblingCaption(path);
    const caption = sidecar && (await readSidecar(sidecar));
    if (this.closed) return;
    const relPath = relative(root.path, path).split(sep).join('/');
    const w = db.transaction(() =>
      writeScannedFile(db, { datasetId: root.datasetId, rootId: root.id, relPath, absPath: path, probe, caption, keepDuplicates: true }),
    ).immediate();
    if (w.itemId !== null) this.svc.events.add(root.datasetId, [w.itemId]);
  }

  /** Items whose picture shares the sidecar's folder and stem (`a.txt` -> `a.jpg`, `a.png`). */
  private picturesOfSidecar(datasetId: number, sidecar: string): number[] {
    const stem = basename(sidecar, extname(sidecar)).toLowerCase();
    const dir = dirname(sidecar);
    return itemsUnder(this.svc.core.db, datasetId, dir)
      .filter((r) => dirname(r.abs_path) === dir && basename(r.abs_path, extname(r.abs_path)).toLowerCase() === stem)
      .map((r) => r.id);
  }
}
