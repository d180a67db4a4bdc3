import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreContext } from '../core/app';
import { parseMediaPath, resolveMedia } from '../core/media';
import { AppError } from '../shared/errors';
import { planFileResponse } from './file-response';
import { sendError } from './http-util';

/** GET/HEAD /media/rendition/<sha256>/<preview|medium> and /media/original/<itemId>, through the core's path guard. */
export async function serveMedia(core: CoreContext, req: IncomingMessage, res: ServerResponse, subpath: string): Promise<void> {
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new AppError('INVALID_INPUT', 'Media is read with GET or HEAD.');
    const request = parseMediaPath(subpath);
    if (!request) throw new AppError('NOT_FOUND', 'Unknown media address.');
    const file = await resolveMedia(core, request);
    const plan = planFileResponse(file, { method: req.method, range: req.headers.range, ifNoneMatch: req.headers['if-none-match'] });
    res.writeHead(plan.status, plan.headers);
    if (!plan.body) {
      res.end();
      return;
    }
    const stream = createReadStream(file.path, plan.body);
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  } catch (err) {
    sendError(res, err);
  }
}
