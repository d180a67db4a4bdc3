import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { CoreContext } from '../core/app';
import { parseMediaPath, resolveMedia } from '../core/media';
import { AppError, toAppError } from '../shared/errors';
import { planFileResponse } from './file-response';
import { httpStatusOf } from './http-util';
import { planStatic } from './static-route';

/** The same answers as the HTTP routes, as fetch Responses: what Electron's protocol handlers return. */

function errorResponse(err: unknown): Response {
  const e = toAppError(err);
  return new Response(JSON.stringify({ error: e.toJSON() }), {
    status: httpStatusOf(e.code),
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}

/** `atelier-media://local/<rendition/SHA/KIND | original/ID>`: through the core's path guard, with byte ranges. */
export async function mediaFetch(core: CoreContext, request: Request, extraHeaders: Record<string, string> = {}): Promise<Response> {
  try {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new AppError('INVALID_INPUT', 'Media is read with GET or HEAD.');
    const media = parseMediaPath(new URL(request.url).pathname);
    if (!media) throw new AppError('NOT_FOUND', 'Unknown media address.');
    const file = await resolveMedia(core, media);
    const plan = planFileResponse(file, {
      method: request.method,
      range: request.headers.get('range') ?? undefined,
      ifNoneMatch: request.headers.get('if-none-match') ?? undefined,
    });
    const body = plan.body ? (Readable.toWeb(createReadStream(file.path, plan.body)) as ReadableStream<Uint8Array>) : null;
    return new Response(body, { status: plan.status, headers: { ...plan.headers, ...extraHeaders } });
  } catch (err) {
    return errorResponse(err);
  }
}

/** `atelier-app://app/...`: the built renderer, the page with its CSP. */
export async function staticFetch(rendererDir: string, request: Request, csp: string): Promise<Response> {
  try {
    const plan = planStatic(rendererDir, new URL(request.url).pathname, csp);
    const body = 'file' in plan ? await readFile(plan.file) : plan.text;
    return new Response(request.method === 'HEAD' ? null : body, { status: plan.status, headers: plan.headers });
  } catch (err) {
    return errorResponse(err);
  }
}
