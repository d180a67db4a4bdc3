import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Catalog, CatalogEntry, CatalogModel, InstalledModel, Preprocess } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../app/context';
import { assertUrlAllowed } from '../privacy';
import { catalogEntry, loadCatalog } from './catalog';
import { hfAccess } from './hf-url';
import { catalogModelDir, dirSize, fileSize, modelsRoot, readManifest, type ModelManifest } from './layout';
import { MODEL_FILE, TAGS_FILE, checkModelFolder, folderPreprocess } from './local-model';
import { ModelRepo, type LocalModelRow } from './repo';

export const MODEL_DOWNLOAD_KIND = 'model-download';

export type ModelCore = Pick<CoreContext, 'dataDir' | 'db' | 'settings' | 'jobs' | 'bus'>;

/** A usable model, resolved from a catalog id, a local id or a folder: what a tagger needs to run it. */
export interface ResolvedModel {
  id: string;
  name: string;
  source: 'catalog' | 'local';
  dir: string;
  modelPath: string;
  tagsPath: string;
  preprocess: Preprocess;
  /** The catalog's defaults; null for local folders (use the tagger's own defaults). */
  thresholds: CatalogEntry['thresholds'] | null;
  entry: CatalogEntry | null;
}

interface InstallState {
  status: CatalogModel['status'];
  downloadedBytes: number;
  manifest: ModelManifest | null;
}

const WD_PREPROCESS: Preprocess = { kind: 'wd' };

/** Catalog, downloaded and local models. Stateless apart from the store and the files, so any service
 * (the tagger, the CLI) can make its own: `new ModelManager(core)`. */
export class ModelManager {
  readonly repo: ModelRepo;

  constructor(
    private readonly core: ModelCore,
    readonly catalog: Catalog = loadCatalog(),
  ) {
    this.repo = new ModelRepo(core.db);
  }

  entry(id: string): CatalogEntry {
    const e = catalogEntry(this.catalog, id);
    if (!e) throw new AppError('NOT_FOUND', `There is no model "${id}" in the catalog.`, { modelId: id });
    return e;
  }

  catalogModels(): CatalogModel[] {
    return this.catalog.models.map((e) => {
      const s = this.installState(e);
      return { ...e, status: s.status, downloadedBytes: s.downloadedBytes, jobId: this.repo.activeDownloadJob(e.id) };
    });
  }

  /** Downloaded (fully or partly) catalog models, leftover folders and local models. */
  list(): InstalledModel[] {
    const out: InstalledModel[] = [];
    for (const e of this.catalog.models) {
      const s = this.installState(e);
      if (s.status !== 'absent') out.push(this.describeCatalogModel(e, s));
    }
    const root = modelsRoot(this.core.dataDir);
    if (existsSync(root)) {
      for (const name of readdirSync(root)) {
        if (catalogEntry(this.catalog, name) || !statSync(join(root, name)).isDirectory()) continue;
        out.push(this.describeLeftover(name));
      }
    }
    for (const row of this.repo.localModels()) out.push(this.describeLocal(row));
    return out;
  }

  /** Resolves a catalog id (must be downloaded), a local model id, or a folder (added as a local model
   * when new, so that its scores have a stable model id). */
  async resolve(idOrPath: string): Promise<ResolvedModel> {
    const e = catalogEntry(this.catalog, idOrPath);
    if (e) {
      const s = this.installState(e);
      if (s.status !== 'ready') {
        const what = s.status === 'partial' ? 'is only partly downloaded: finish the download' : 'is not downloaded yet: download it';
        throw new AppError('NOT_FOUND', `The model ${e.name} ${what} first.`, { modelId: e.id, status: s.status });
      }
      const dir = catalogModelDir(this.core.dataDir, e.id);
      const fileFor = (role: 'model' | 'tags') => join(dir, e.files.find((f) => f.role === role)!.name);
      return { id: e.id, name: e.name, source: 'catalog', dir, modelPath: fileFor('model'), tagsPath: fileFor('tags'), preprocess: e.preprocess, thresholds: e.thresholds, entry: e };
    }
    let row = this.repo.localModel(idOrPath);
    if (!row && existsSync(idOrPath)) {
      const added = await this.addLocal(idOrPath);
      row = this.repo.localModel(added.id);
    }
    if (!row) {
      throw new AppError('NOT_FOUND', `There is no model "${idOrPath}": it is not a catalog id, a local model id or a folder.`, { modelId: idOrPath });
    }
    const d = this.describeLocal(row);
    if (d.status !== 'ready') throw new AppError('NOT_FOUND', d.error ?? `The model folder ${row.path} is not usable.`, { modelId: row.id });
    return { id: row.id, name: row.name, source: 'local', dir: row.path, modelPath: join(row.path, MODEL_FILE), tagsPath: join(row.path, TAGS_FILE), preprocess: d.preprocess, thresholds: null, entry: null };
  }

  /** Queues a download job, or returns the one already queued or running for this model. */
  download(id: string): { jobId: number } {
    const e = this.entry(id);
    const settings = this.core.settings.get();
    // Refuse at once rather than queue a job that can only fail.
    assertUrlAllowed(hfAccess(settings).endpoint, settings.privateMode, `downloading ${e.name}`);
    const active = this.repo.activeDownloadJob(id);
    if (active) return { jobId: active };
    return { jobId: this.core.jobs.create(MODEL_DOWNLOAD_KIND, `Download ${e.name}`, { modelId: id }).id };
  }

  /** Deletes a downloaded model's folder (partial files included); a local model is only forgotten. */
  delete(id: string): { deleted: boolean; freedBytes: number } {
    const job = this.repo.activeDownloadJob(id);
    if (job) throw new AppError('CONFLICT', `The model ${id} is being downloaded (job ${job}): cancel the download first.`, { jobId: job });
    if (this.repo.localModel(id)) {
      this.repo.deleteLocalModel(id);
      this.core.bus.emit('models.changed', { modelId: id, change: 'deleted' });
      return { deleted: true, freedBytes: 0 };
    }
    // Only a plain folder name under models/: never '.', '..' or a path.
    if (!/^[A-Za-z0-9][\w.-]*$/.test(id)) return { deleted: false, freedBytes: 0 };
    const dir = catalogModelDir(this.core.dataDir, id);
    if (!existsSync(dir)) return { deleted: false, freedBytes: 0 };
    const freedBytes = dirSize(dir);
    rmSync(dir, { recursive: true, force: true });
    this.core.bus.emit('models.changed', { modelId: id, change: 'deleted' });
    return { deleted: true, freedBytes };
  }

  /** Adds a model folder after checking it (see checkModelFolder); adding the same folder again returns it. */
  async addLocal(path: string, name?: string): Promise<InstalledModel> {
    const dir = resolve(path);
    const existing = this.repo.localModelByPath(dir);
    if (existing) return this.describeLocal(existing);
    await checkModelFolder(dir);
    const label = name?.trim() || basename(dir);
    const row = this.repo.addLocalModel(this.uniqueLocalId(label), label, dir);
    this.core.bus.emit('models.changed', { modelId: row.id, change: 'added' });
    return this.describeLocal(row);
  }

  private uniqueLocalId(label: string): string {
    const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'model';
    for (let n = 1; ; n++) {
      const id = n === 1 ? `local-${slug}` : `local-${slug}-${n}`;
      if (!this.repo.localModel(id)) return id;
    }
  }

  private installState(e: CatalogEntry): InstallState {
    const dir = catalogModelDir(this.core.dataDir, e.id);
    if (!existsSync(dir)) return { status: 'absent', downloadedBytes: 0, manifest: null };
    const manifest = readManifest(dir);
    const downloadedBytes = dirSize(dir);
    const ready =
      !!manifest?.complete &&
      manifest.requestedRevision === e.revision &&
      e.files.every((f) => {
        const rec = manifest.files.find((x) => x.name === f.name);
        return rec !== undefined && fileSize(join(dir, f.name)) === rec.bytes;
      });
    return { status: ready ? 'ready' : downloadedBytes > 0 ? 'partial' : 'absent', downloadedBytes, manifest };
  }

  private describeCatalogModel(e: CatalogEntry, s: InstallState): InstalledModel {
    const dir = catalogModelDir(this.core.dataDir, e.id);
    return {
      id: e.id,
      name: e.name,
      source: 'catalog',
      dir,
      status: s.status === 'ready' ? 'ready' : 'partial',
      error: null,
      diskBytes: s.downloadedBytes,
      repo: e.repo,
      revision: s.manifest?.revision ?? null,
      files: e.files.map((f) => ({
        name: f.name,
        bytes: fileSize(join(dir, f.name)) ?? fileSize(join(dir, `${f.name}.part`)) ?? 0,
        sha256: s.manifest?.files.find((x) => x.name === f.name)?.sha256 ?? null,
      })),
      preprocess: e.preprocess,
      thresholds: e.thresholds,
      addedAt: s.manifest?.updatedAt ?? null,
    };
  }

  /** A folder under models/ whose id the catalog no longer has (an older version's model): deletable. */
  private describeLeftover(id: string): InstalledModel {
    const dir = catalogModelDir(this.core.dataDir, id);
    const m = readManifest(dir);
    return {
      id,
      name: id,
      source: 'catalog',
      dir,
      status: 'invalid',
      error: 'This model is no longer in the catalog; delete it to free the space.',
      diskBytes: dirSize(dir),
      repo: m?.repo ?? null,
      revision: m?.revision ?? null,
      files: (m?.files ?? []).map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 })),
      preprocess: WD_PREPROCESS,
      thresholds: null,
      addedAt: m?.updatedAt ?? null,
    };
  }

  private describeLocal(row: LocalModelRow): InstalledModel {
    const files = [MODEL_FILE, TAGS_FILE].map((name) => ({ name, bytes: fileSize(join(row.path, name)) }));
    const missingDir = !existsSync(row.path);
    const missingFiles = files.filter((f) => f.bytes === null).map((f) => f.name);
    return {
      id: row.id,
      name: row.name,
      source: 'local',
      dir: row.path,
      status: missingDir ? 'missing' : missingFiles.length ? 'invalid' : 'ready',
      error: missingDir
        ? `The folder ${row.path} is gone (moved, renamed or on a drive that is not connected).`
        : missingFiles.length
          ? `The folder ${row.path} has no ${missingFiles.join(' or ')} any more.`
          : null,
      diskBytes: files.reduce((a, f) => a + (f.bytes ?? 0), 0),
      repo: null,
      revision: null,
      files: files.map((f) => ({ name: f.name, bytes: f.bytes ?? 0, sha256: null })),
      preprocess: folderPreprocess(row.path),
      thresholds: null,
      addedAt: row.addedAt,
    };
  }
}
