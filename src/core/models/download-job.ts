import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogEntry } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { JobKind } from '../jobs';
import { assertUrlAllowed } from '../privacy';
import { nowIso } from '../store';
import { packageVersion } from '../util/package-root';
import { hfAccess, hfFileUrl, isCommit } from './hf-url';
import { downloadFile, type DownloadFileOptions } from './http-download';
import { catalogModelDir, fileSize, readManifest, writeManifest, type ModelManifest } from './layout';
import { MODEL_DOWNLOAD_KIND, ModelManager, type ModelCore } from './manager';

export interface ModelDownloadParams {
  modelId: string;
}

/** Retry timing for dropped connections (tests shorten it). */
export type DownloadTuning = Pick<DownloadFileOptions, 'retries' | 'retryDelayMs' | 'idleTimeoutMs'>;

export interface ModelDownloadResult {
  modelId: string;
  dir: string;
  revision: string | null;
  bytes: number;
}

/** Downloads a catalog model's files into <dataDir>/models/<id>/. Everything needed to resume lives on disk
 * (partial files and the manifest of finished ones), so a cancelled job, a new job for the same model, or
 * the same job after a restart all carry on where the bytes stopped. Progress is in bytes. */
export function modelDownloadJob(core: ModelCore, tuning: DownloadTuning = {}): JobKind<ModelDownloadParams> {
  return {
    kind: MODEL_DOWNLOAD_KIND,
    unit: 'bytes',
    async run(ctx): Promise<ModelDownloadResult> {
      const models = new ModelManager(core);
      const entry = models.entry(ctx.params.modelId);
      const settings = core.settings.get();
      const { endpoint, token } = hfAccess(settings);
      assertUrlAllowed(endpoint, settings.privateMode, `downloading ${entry.name}`);
      const dir = catalogModelDir(core.dataDir, entry.id);
      mkdirSync(dir, { recursive: true });
      const manifest = startManifest(dir, entry);

      const finishedBytes = () => manifest.files.reduce((a, f) => a + f.bytes, 0);
      const expectedSize = (name: string) =>
        entry.files.find((f) => f.name === name)?.bytes ?? manifest.files.find((f) => f.name === name)?.bytes ?? null;
      for (const f of entry.files) {
        const dest = join(dir, f.name);
        const done = manifest.files.find((x) => x.name === f.name);
        if (done && fileSize(dest) === done.bytes) continue;
        const revision = manifest.revision ?? entry.revision;
        const recorded = isCommit(revision) ? models.repo.recordedHash(entry.repo, revision, f.name) : undefined;
        const pending = entry.files.filter((x) => x !== f && !manifest.files.some((m) => m.name === x.name));
        const r = await downloadFile({
          ...tuning,
          url: hfFileUrl(endpoint, entry.repo, revision, f.name),
          resumeKey: `${entry.repo}@${revision}/${f.name}`,
          dest,
          file: f.name,
          token,
          privateMode: settings.privateMode,
          expectedBytes: f.bytes ?? recorded?.bytes,
          expectedSha256: f.sha256 ?? recorded?.sha256,
          signal: ctx.signal,
          userAgent: `Atelier/${packageVersion()}`,
          onProgress: (received, total) => {
            const rest = pending.reduce((a, x) => a + (expectedSize(x.name) ?? 0), 0);
            const all = finishedBytes() + Math.max(total ?? f.bytes ?? 0, received) + rest;
            ctx.progress(finishedBytes() + received, all, `${f.name}: ${mb(received)}${total ? ` of ${mb(total)}` : ''}`);
          },
        });
        manifest.revision ??= r.commit;
        if (!f.sha256 && isCommit(manifest.revision)) checkAndRecord(models, entry, manifest.revision, f.name, r.sha256, r.bytes, dest);
        manifest.files = [...manifest.files.filter((x) => x.name !== f.name), { name: f.name, bytes: r.bytes, sha256: r.sha256 }];
        manifest.updatedAt = nowIso();
        writeManifest(dir, manifest);
      }
      manifest.complete = true;
      manifest.updatedAt = nowIso();
      writeManifest(dir, manifest);
      core.bus.emit('models.changed', { modelId: entry.id, change: 'downloaded' });
      return { modelId: entry.id, dir, revision: manifest.revision, bytes: finishedBytes() };
    },
  };
}

/** The manifest to continue from; files from another repo or revision (the catalog changed) are cleared. */
function startManifest(dir: string, entry: CatalogEntry): ModelManifest {
  const m = readManifest(dir);
  if (m && m.repo === entry.repo && m.requestedRevision === entry.revision) return { ...m, complete: false };
  if (m) for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
  return {
    id: entry.id,
    repo: entry.repo,
    requestedRevision: entry.revision,
    revision: isCommit(entry.revision) ? entry.revision : null,
    complete: false,
    files: [],
    updatedAt: nowIso(),
  };
}

/** Trust on first use: the first download of a file at a commit records its hash; a later download of the
 * same commit must match it (a branch request resolves to a commit only once the server answers). */
function checkAndRecord(models: ModelManager, entry: CatalogEntry, commit: string, file: string, sha256: string, bytes: number, dest: string): void {
  const recorded = models.repo.recordedHash(entry.repo, commit, file);
  if (recorded && recorded.sha256 !== sha256) {
    rmSync(dest, { force: true });
    throw new AppError(
      'IO',
      `${file} of ${entry.repo} at ${commit.slice(0, 10)} has sha256 ${sha256}, but it had ${recorded.sha256} when first downloaded. ` +
        'The file was deleted: the server (or mirror) now sends something else for the same commit.',
      { file, expected: recorded.sha256, actual: sha256 },
    );
  }
  models.repo.recordHash(entry.repo, commit, file, sha256, bytes);
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
