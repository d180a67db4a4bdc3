import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerPool, WorkerTaskError } from '../../src/core/workers';
import { tmpDir } from '../helpers/tmp';

/** A worker speaking the pool's protocol (what serveWorker does), with tasks that sleep, fail or kill the thread. */
const SCRIPT = `
import { parentPort, threadId } from 'node:worker_threads';
let running = 0;
parentPort.on('message', async ({ id, input }) => {
  running++;
  const peak = running;
  await new Promise((r) => setTimeout(r, input.ms ?? 0));
  running--;
  if (input.exit) process.exit(3);
  if (input.fail) return parentPort.postMessage({ id, ok: false, error: { name: 'RangeError', message: input.fail, code: 'E_TEST' } });
  parentPort.postMessage({ id, ok: true, output: { n: input.n, threadId, peak } });
});
`;

function script(): string {
  const p = join(tmpDir(), 'echo.worker.mjs');
  writeFileSync(p, SCRIPT);
  return p;
}

type In = { n?: number; ms?: number; fail?: string; exit?: boolean };
type Out = { n: number; threadId: number; peak: number };

describe('worker pool', () => {
  it('runs tasks on at most `size` threads, `tasksPerWorker` at a time each, and returns results in order', async () => {
    const pool = new WorkerPool<In, Out>(script(), { size: 2, tasksPerWorker: 2 });
    try {
      expect(pool.capacity).toBe(4);
      const out = await Promise.all(Array.from({ length: 12 }, (_, n) => pool.run({ n, ms: 20 })));
      expect(out.map((o) => o.n)).toEqual([...Array(12).keys()]);
      expect(new Set(out.map((o) => o.threadId)).size).toBe(2);
      expect(Math.max(...out.map((o) => o.peak))).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('rebuilds task errors, and survives a worker that dies', async () => {
    const pool = new WorkerPool<In, Out>(script(), { size: 1 });
    try {
      const err = await pool.run({ fail: 'bad input' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkerTaskError);
      expect(err).toMatchObject({ name: 'RangeError', message: 'bad input', code: 'E_TEST' });
      const dead = await pool.run({ exit: true }).catch((e: unknown) => e);
      expect((dead as Error).message).toMatch(/stopped unexpectedly/);
      expect((await pool.run({ n: 7 })).n).toBe(7); // a fresh worker took over
    } finally {
      await pool.close();
    }
  });

  it('rejects queued work when closed', async () => {
    const pool = new WorkerPool<In, Out>(script(), { size: 1 });
    const slow = expect(pool.run({ n: 1, ms: 200 })).rejects.toThrow(/closed/);
    const queued = expect(pool.run({ n: 2 })).rejects.toThrow(/closed/);
    await pool.close();
    await Promise.all([slow, queued]);
    await expect(pool.run({ n: 3 })).rejects.toThrow(/closed/);
  });
});
