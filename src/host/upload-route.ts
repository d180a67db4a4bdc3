import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import type { Atelier } from '../core/app';
import { startImport } from '../core/ingest';
import { isInside } from '../core/media';
import { UPLOAD_PATH_HEADER } from '../shared/host-routes';
import { AppError } from '../shared/errors';
import { readSmallBody, sendError, sendJson } from './http-util';
import { BATCH_ID, sanitizeRelPath } from './upload-path';

/** Browser drag-and-drop: each file is streamed as a raw body into the dataset's library folder
 * (`<data>/library/<datasetId>/uploads/<batch>/<relPath>`), then one commit imports the whole batch folder. */

export function uploadDir(dataDir: string, datasetId: number, batch: string): string {
  return join(dataDir, 'library', String(datasetId), 'uploads', batch);
}

function datasetAndBatch(core: Atelier, datasetRaw: unknown, batchRaw: unknown): { datasetId: number; batch: string } {
  const datasetId = Number(datasetRaw);
  if (!Number.isInteger(datasetId) || datasetId < 1) throw new AppError('INVALID_INPUT', 'Say which dataset the upload is for.');
  if (typeof batchRaw !== 'string' || !BATCH_ID.test(batchRaw)) {
    throw new AppError('INVALID_INPUT', 'An upload batch id is 1-64 letters, digits, "-" or "_".');
  }
  core.datasets.get(datasetId);
  return { datasetId, batch: batchRaw };
}

/** POST /upload?dataset=ID&batch=B with the file's relative path (URI-encoded) in X-Atelier-Path. */
export async function handleUpload(core: Atelier, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let part: string | null = null;
  try {
    const { datasetId, batch } = datasetAndBatch(core, url.searchParams.get('dataset'), url.searchParams.get('batch'));
    const header = req.headers[UPLOAD_PATH_HEADER];
    let raw = '';
    try {
      raw = decodeURIComponent(typeof header === 'string' ? header : '');
    } catch {
      // falls through to the rejection below
    }
    const rel = sanitizeRelPath(raw);
    if (!rel) throw new AppError('INVALID_INPUT', `The upload path "${raw}" cannot be stored safely.`);
    const base = uploadDir(core.dataDir, datasetId, batch);
    const target = resolve(base, rel);
    if (!isInside(target, base)) throw new AppError('INVALID_INPUT', 'The upload path leaves its folder.');
    await mkdir(dirname(target), { recursive: true });
    // Written beside the target and renamed when complete, so an aborted upload never looks like a picture.
    part = `${target}.${process.pid}.part`;
    await pipeline(req, createWriteStream(part, { flags: 'w' }));
    await rename(part, target);
    part = null;
    const { size } = await stat(target);
    sendJson(res, 200, { path: rel, bytes: size });
  } catch (err) {
    if (part) await rm(part, { force: true });
    sendError(res, err);
  }
}

const commitSchema = z.object({ datasetId: z.number().int().positive(), batch: z.string() });

/** POST /upload/commit {datasetId, batch}: imports the uploaded folder; answers {jobId}. */
export async function handleUploadCommit(core: Atelier, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    let body: unknown;
    try {
      body = JSON.parse(await readSmallBody(req));
    } catch (err) {
      throw err instanceof AppError ? err : new AppError('INVALID_INPUT', 'The commit body must be JSON {datasetId, batch}.');
    }
    const parsed = commitSchema.safeParse(body);
    if (!parsed.success) throw new AppError('INVALID_INPUT', 'The commit body must be JSON {datasetId, batch}.');
    const { datasetId, batch } = datasetAndBatch(core, parsed.data.datasetId, parsed.data.batch);
    const dir = uploadDir(core.dataDir, datasetId, batch);
    const st = await stat(dir).catch(() => null);
    if (!st?.isDirectory()) throw new AppError('NOT_FOUND', `Nothing was uploaded in batch "${batch}".`);
    // The files already live in the library: import them in place, without a watcher.
    const job = startImport(core, { datasetId, paths: [dir], copy: false, watch: false });
    sendJson(res, 200, { jobId: job.id });
  } catch (err) {
    sendError(res, err);
  }
}
