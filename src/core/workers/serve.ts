import { parentPort, type Transferable } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './protocol';

/** Return this from a handler to move buffers to the caller instead of copying them. */
export class Transfer<O> {
  constructor(
    readonly output: O,
    readonly transfer: Transferable[],
  ) {}
}

/** Runs inside a worker thread: answers each WorkerPool task with `handler`. Errors go back as
 * {name, message, code}; the worker keeps serving. */
export function serveWorker<I, O>(handler: (input: I) => Promise<O | Transfer<O>> | O | Transfer<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker() must run in a worker thread.');
  port.on('message', async (msg: WorkerRequest) => {
    let reply: WorkerReply;
    let transfer: Transferable[] = [];
    try {
      const out = await handler(msg.input as I);
      if (out instanceof Transfer) {
        reply = { id: msg.id, ok: true, output: out.output };
        transfer = out.transfer;
      } else {
        reply = { id: msg.id, ok: true, output: out };
      }
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const code = (e as NodeJS.ErrnoException).code;
      reply = { id: msg.id, ok: false, error: { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) } };
    }
    port.postMessage(reply, transfer);
  });
}
