import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join, sep } from 'node:path';
import type { JobContext, JobKind } from '../jobs';
import { isInside, readError, type ItemError, type ProbeResult } from '../media';
import type { Found } from './discover';
import { discover } from './discover';
import { ImportEntries, type EntryRow, type ImportSummary, type Outcome } from './entries';
import { duplicateError, setImportedCaption, writeScannedFile } from './item-writes';
import { captionText, readSidecar } from './sidecars';
import type { IngestService } from './service';
import { libraryDir, linkedWatchedRoots, resolveSources } from './sources';
import { ZipCache } from './zip-cache';

export const IMPORT_JOB = 'import';

export interface ImportParams {
  datasetId: number;
  /** Absolute paths: folders, pictures, zip archives. */
  paths: string[];
  copy: boolean;
  watch: boolean;
}

interface ImportState {
  /** Every source has been walked and its files listed in import_entries. */
  discovered: boolean;
}

/** What happened to one work-list entry before it is committed. */
type Handled =
  | { entry: EntryRow; kind: 'scanned'; probe: ProbeResult; caption: string | null }
  | { entry: EntryRow; kind: 'unchanged'; itemId: number; caption: string | null }
  | { entry: EntryRow; kind: 'skipped'; error: ItemError };

/** Copies a loose file into the library (written beside, then renamed, so a crash leaves no half copy; the
 * destination is this entry's alone, so a resumed copy overwrites what a killed one left). */
async function copyInto(src: string, dest: string): Promise<void> {
  await mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.part`;
  try {
    await copyFile(src, tmp);
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** One run (first or resumed) of an import job. */
class ImportRun {
  private readonly entries: ImportEntries;
  private readonly zips = new ZipCache();
  private readonly params: ImportParams;
  private total = 0;
  private done = 0;
  private discovering = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  /** Library copies of duplicates being deleted; awaited before the run ends. */
  private readonly removals: Promise<void>[] = [];

  constructor(
    private readonly svc: IngestService,
    private readonly ctx: JobContext<ImportParams, ImportState>,
  ) {
    this.params = ctx.params;
    this.entries = new ImportEntries(svc.core.db, ctx.id);
  }

  private get db() {
    return this.svc.core.db;
  }

  async run(): Promise<ImportSummary> {
    const { core } = this.svc;
    const { datasetId, paths, copy, watch } = this.params;
    core.datasets.get(datasetId); // a deleted dataset fails the job with NOT_FOUND
    this.svc.pool.warm();
    const sources = resolveSources(core, datasetId, paths, copy, watch);
    core.bus.emit('dataset.changed', { datasetId, change: 'meta' });
    ({ total: this.total, done: this.done } = this.entries.counts());
    this.ctx.progress(this.done, this.total, this.ctx.state?.discovered ? 'Importing' : 'Looking for pictures');

    let discovery: Promise<void> = Promise.resolve();
    if (!this.ctx.state?.discovered) {
      this.discovering = true;
      discovery = this.discover(sources).finally(() => {
        this.discovering = false;
        this.wake?.();
      });
    }
    const onAbort = () => this.wake?.();
    this.ctx.signal.addEventListener('abort', onAbort);
    try {
      await this.process();
    } finally {
      this.stopped = true; // ends the walk too when processing failed
      await discovery.catch(() => {});
      this.ctx.signal.removeEventListener('abort', onAbort);
      await this.zips.close();
      await Promise.all(this.removals);
      this.svc.events.flush();
    }
    await discovery; // a walk that failed fails the job
    if (this.ctx.signal.aborted) return this.entries.summary();
    const summary = this.entries.summary();
    this.entries.clear();
    if (this.svc.watching) for (const rootId of linkedWatchedRoots(sources, watch)) this.svc.watchers.watchRoot(rootId);
    return summary;
  }

  // ---- discovery: sources -> import_entries, one transaction per folder

  private async discover(sources: ReturnType<typeof resolveSources>): Promise<void> {
    const skipDir = (p: string) => isInside(p, this.svc.renditionsDir);
    for await (const batch of discover(sources, { skipDir, zips: this.zips })) {
      if (this.ctx.signal.aborted || this.stopped) return;
      this.db.transaction(() => {
        for (const f of batch) this.record(f);
      }).immediate();
      this.ctx.progress(this.done, this.total);
      this.wake?.();
    }
    this.ctx.saveState({ discovered: true });
    this.ctx.progress(this.done, this.total, 'Importing');
  }

  private record(f: Found): void {
    if (this.entries.has(f.source, f.zipEntry)) return; // found again by a resumed walk
    if (f.type === 'skip') {
      if (this.entries.addSkipped(f.source, f.zipEntry, f.code)) this.ctx.fileError(this.displayPath(f.source, f.zipEntry), f.code, f.message);
      return;
    }
    const dest = f.linked ? f.source : this.allocate(f.relPath);
    this.entries.addPicture({ source: f.source, zipEntry: f.zipEntry, rootId: f.rootId, relPath: this.libraryRel(dest, f.relPath, f.linked), dest, caption: f.caption });
    this.total++;
  }

  /** A free path in the library for a copied file: `name.jpg`, else `name (2).jpg`, ... */
  private allocate(relPath: string): string {
    const base = join(libraryDir(this.svc.core.dataDir, this.params.datasetId), ...relPath.split('/'));
    const ext = extname(base);
    const stem = base.slice(0, base.length - ext.length);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${stem} (${n})${ext}`;
      const itemThere = this.db.prepare('SELECT 1 FROM items WHERE dataset_id = ? AND abs_path = ?').get(this.params.datasetId, candidate);
      if (!itemThere && !this.entries.destTaken(candidate) && !existsSync(candidate)) return candidate;
    }
  }

  /** The item's path relative to its root: for a copy, where it landed in the library (it may carry a " (2)"). */
  private libraryRel(dest: string, relPath: string, linked: boolean): string {
    if (linked) return relPath;
    const lib = libraryDir(this.svc.core.dataDir, this.params.datasetId);
    return dest.slice(lib.length + 1).split(/[\\/]/).join('/');
  }

  /** How reports name a file; an archive member is named as stored, so a hostile `../x` shows as such. */
  private displayPath(source: string, zipEntry: string): string {
    return zipEntry ? `${source}${sep}${zipEntry}` : source;
  }

  // ---- processing: pending entries -> worker pool -> items, committed in discovery order

  private async process(): Promise<void> {
    // Enough in flight to keep every worker busy while the head of the line is committed.
    const window = this.svc.pool.capacity + 2;
    const inflight: Promise<Handled>[] = [];
    let cursor = 0;
    let page: EntryRow[] = [];
    const next = (): EntryRow | null => {
      if (!page.length) page = this.entries.pendingAfter(cursor, 64);
      const e = page.shift() ?? null;
      if (e) cursor = e.id;
      return e;
    };
    for (;;) {
      while (!this.ctx.signal.aborted && inflight.length < window) {
        const e = next();
        if (!e) break;
        inflight.push(this.handle(e));
      }
      if (inflight.length) {
        this.commit(await inflight.shift()!);
        continue;
      }
      if (this.ctx.signal.aborted || !this.discovering) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }

  private async handle(entry: EntryRow): Promise<Handled> {
    try {
      const linked = !entry.zip_entry && entry.dest === entry.source;
      if (entry.zip_entry) {
        const zip = await this.zips.get(entry.source);
        try {
          await zip.extract(entry.zip_entry, entry.dest);
        } catch (err) {
          return { entry, kind: 'skipped', error: { code: 'CORRUPT', message: `Could not unpack it from the archive: ${(err as Error).message}` } };
        }
      } else if (!linked) {
        try {
          await copyInto(entry.source, entry.dest);
        } catch (err) {
          return { entry, kind: 'skipped', error: readError(err) };
        }
      }
      const caption = await this.readCaption(entry);
      if (linked) {
        const itemId = await this.unchangedItem(entry.dest);
        if (itemId !== null) return { entry, kind: 'unchanged', itemId, caption };
      }
      const probe = await this.svc.probe(entry.dest);
      // Gone between the walk and now: nothing to show an item for.
      if (probe.error?.code === 'NOT_FOUND') return { entry, kind: 'skipped', error: probe.error };
      return { entry, kind: 'scanned', probe, caption };
    } catch (err) {
      return { entry, kind: 'skipped', error: { code: 'INTERNAL', message: `Import failed unexpectedly: ${(err as Error).message}` } };
    }
  }

  private async readCaption(entry: EntryRow): Promise<string | null> {
    if (!entry.caption) return null;
    if (!entry.zip_entry) return readSidecar(entry.caption);
    try {
      return captionText(await (await this.zips.get(entry.source)).readText(entry.caption));
    } catch {
      return null;
    }
  }

  /** A linked file imported before and not modified since (a re-import of the same folder) needs no work. */
  private async unchangedItem(path: string): Promise<number | null> {
    const st = await stat(path).catch(() => null);
    if (!st) return null;
    const row = this.db
      .prepare(`SELECT i.id FROM items i WHERE i.dataset_id = ? AND i.abs_path = ? AND i.status = 'ready' AND i.byte_size = ? AND i.mtime_ms = ?
        AND (SELECT COUNT(*) FROM renditions r WHERE r.sha256 = i.sha256) = 2`)
      .pluck()
      .get(this.params.datasetId, path, st.size, st.mtimeMs) as number | undefined;
    return row ?? null;
  }

  private commit(h: Handled): void {
    const { entry } = h;
    const { datasetId } = this.params;
    let changed: number | null = null;
    let removeCopy = false;
    this.db.transaction(() => {
      if (h.kind === 'skipped') {
        this.entries.skip(entry.id, h.error.code);
        this.ctx.fileError(this.displayPath(entry.source, entry.zip_entry), h.error.code, h.error.message);
        return;
      }
      if (h.kind === 'unchanged') {
        if (h.caption !== null) setImportedCaption(this.db, h.itemId, h.caption);
        this.entries.finish(entry.id, 'unchanged', h.itemId);
        return;
      }
      const w = writeScannedFile(this.db, {
        datasetId, rootId: entry.root_id, relPath: entry.rel_path, absPath: entry.dest, probe: h.probe, caption: h.caption, keepDuplicates: false,
      });
      if (w.status === 'duplicate') {
        const { code, message } = duplicateError(w.duplicateOf);
        this.ctx.fileError(this.displayPath(entry.source, entry.zip_entry), code, message);
        removeCopy = entry.dest !== entry.source;
      } else {
        changed = w.itemId;
      }
      const outcome: Outcome = w.status;
      this.entries.finish(entry.id, outcome, w.itemId);
    }).immediate();
    // After the commit: a crash before this line leaves a stray copy, never an item without its file.
    if (removeCopy) this.removals.push(rm(entry.dest, { force: true }).catch(() => {}));
    if (changed !== null) this.svc.events.add(datasetId, [changed]);
    this.done++;
    this.ctx.progress(this.done, this.total);
  }
}

export function importJobKind(svc: IngestService): JobKind<ImportParams, ImportState> {
  return { kind: IMPORT_JOB, unit: 'files', run: (ctx) => new ImportRun(svc, ctx).run() };
}
