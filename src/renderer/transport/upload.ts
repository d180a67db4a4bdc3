import { AppError, appErrorSchema } from '../../shared/errors';
import { UPLOAD_COMMIT_PATH, UPLOAD_PATH, UPLOAD_PATH_HEADER } from '../../shared/host-routes';

/** Browser uploads to the headless host: each file is one streamed POST (the browser reads it from disk as it
 * sends), a few at a time; then one commit imports the batch folder. Progress counts bytes of finished files
 * (fetch reports no upload progress over HTTP/1.1). */

const PARALLEL = 3;

async function failure(res: Response, what: string): Promise<AppError> {
  const body: unknown = await res.json().catch(() => null);
  const parsed = appErrorSchema.safeParse((body as { error?: unknown } | null)?.error);
  if (parsed.success) return new AppError(parsed.data.code, parsed.data.message, parsed.data.details);
  return new AppError(res.status === 401 ? 'UNAUTHORIZED' : 'NETWORK', `${what} failed (HTTP ${res.status}).`);
}

function batchId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function uploadFiles(
  baseUrl: string,
  fetchImpl: typeof fetch,
  datasetId: number,
  files: { file: Blob; relPath: string }[],
  onProgress?: (sentBytes: number, totalBytes: number) => void,
): Promise<{ jobId: number }> {
  if (!files.length) throw new AppError('INVALID_INPUT', 'There is nothing to upload.');
  const batch = batchId();
  const total = files.reduce((n, f) => n + f.file.size, 0);
  let sent = 0;
  onProgress?.(0, total);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      const res = await fetchImpl(`${baseUrl}${UPLOAD_PATH}?dataset=${datasetId}&batch=${batch}`, {
        method: 'POST',
        headers: { [UPLOAD_PATH_HEADER]: encodeURIComponent(f.relPath), 'Content-Type': 'application/octet-stream' },
        body: f.file,
        credentials: 'same-origin',
      });
      if (!res.ok) throw await failure(res, `Uploading ${f.relPath}`);
      sent += f.file.size;
      onProgress?.(sent, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
  const res = await fetchImpl(`${baseUrl}${UPLOAD_COMMIT_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ datasetId, batch }),
    credentials: 'same-origin',
  });
  if (!res.ok) throw await failure(res, 'Starting the import of the uploaded files');
  return (await res.json()) as { jobId: number };
}
