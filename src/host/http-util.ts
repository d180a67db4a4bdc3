import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, toAppError, type ErrorCode } from '../shared/errors';

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED: 501,
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(data), 'Cache-Control': 'no-store' });
  res.end(data);
}

export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/** Any failure as `{error: {code, message}}` with a fitting HTTP status; never a stack trace. */
export function sendError(res: ServerResponse, err: unknown): void {
  const e = toAppError(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, httpStatusOf(e.code), { error: e.toJSON() });
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Reads a small request body (JSON commands), refusing anything over `limit` bytes. */
export async function readSmallBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AppError('INVALID_INPUT', `The request body is over ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
