import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/events';
import { JobManager } from '../../src/core/jobs';
import { coreMigrations, openDb } from '../../src/core/store';
import { tmpDir } from '../helpers/tmp';
import { join } from 'node:path';

interface CountState {
  next: number;
}

/** A job that counts to params.n, saving its position after each step, optionally waiting on a gate. */
function counter(log: number[], gate?: { wait: Promise<void>; at: number }) {
  return {
    kind: 'count',
    async run(ctx: { params: unknown; state: CountState | undefined; signal: AbortSignal; progress(d: number, t: number): void; saveState(s: CountState): void; fileError(p: string, c: string, m: string): void }) {
      const n = (ctx.params as { n: number }).n;
      for (let i = ctx.state?.next ?? 0; i < n; i++) {
        if (gate && i === gate.at) await gate.wait;
        if (ctx.signal.aborted) throw new Error('aborted');
        log.push(i);
        if (i === 2) ctx.fileError(`file-${i}`, 'BAD', 'bad file');
        ctx.saveState({ next: i + 1 });
        ctx.progress(i + 1, n);
      }
      return { counted: n };
    },
  };
}

describe('persistent jobs', () => {
  it('runs a job to the end with progress events, file errors and a result', async () => {
    const db = openDb(join(tmpDir(), 'a.db'), coreMigrations);
    const bus = new EventBus();
    const seen: string[] = [];
    bus.subscribe('job.updated', (j) => seen.push(j.status));
    const jobs = new JobManager(db, bus);
    const log: number[] = [];
    jobs.register(counter(log));
    jobs.start();
    const job = jobs.create('count', 'Count', { n: 5 });
    const end = await jobs.wait(job.id);
    expect(end.status).toBe('done');
    expect(end.done).toBe(5);
    expect(end.result).toEqual({ counted: 5 });
    expect(end.errorCount).toBe(1);
    expect(jobs.errors(job.id, 0, 10).errors[0]).toEqual({ path: 'file-2', code: 'BAD', message: 'bad file' });
    expect(seen[0]).toBe('queued');
    expect(seen).toContain('running');
    expect(seen.at(-1)).toBe('done');
    expect(log).toEqual([0, 1, 2, 3, 4]);
    db.close();
  });

  it('cancels a running job', async () => {
    const db = openDb(join(tmpDir(), 'b.db'), coreMigrations);
    const jobs = new JobManager(db, new EventBus());
    let release!: () => void;
    jobs.register(counter([], { wait: new Promise<void>((r) => (release = r)), at: 1 }));
    jobs.start();
    const job = jobs.create('count', 'Count', { n: 5 });
    await new Promise((r) => setTimeout(r, 20));
    jobs.cancel(job.id);
    release();
    expect((await jobs.wait(job.id)).status).toBe('cancelled');
    db.close();
  });

  it('resumes an interrupted job from its saved state after a restart, without redoing work', async () => {
    const file = join(tmpDir(), 'c.db');
    const db1 = openDb(file, coreMigrations);
    const jobs1 = new JobManager(db1, new EventBus());
    const log: number[] = [];
    jobs1.register(counter(log, { wait: new Promise<void>(() => {}), at: 3 }));
    jobs1.start();
    const job = jobs1.create('count', 'Count', { n: 6 });
    await new Promise((r) => setTimeout(r, 30));
    expect(log).toEqual([0, 1, 2]);
    // Simulate a crash: the process goes away with the job row still 'running'.
    db1.close();

    const db2 = openDb(file, coreMigrations);
    const jobs2 = new JobManager(db2, new EventBus());
    jobs2.register(counter(log));
    jobs2.start();
    const end = await jobs2.wait(job.id);
    expect(end.status).toBe('done');
    expect(log).toEqual([0, 1, 2, 3, 4, 5]);
    db2.close();
  });

  it('runs jobs of one lane one at a time, in order', async () => {
    const db = openDb(join(tmpDir(), 'd.db'), coreMigrations);
    const jobs = new JobManager(db, new EventBus());
    const log: number[] = [];
    jobs.register(counter(log));
    jobs.start();
    const a = jobs.create('count', 'A', { n: 3 });
    const b = jobs.create('count', 'B', { n: 2 });
    await jobs.wait(b.id);
    expect((await jobs.wait(a.id)).status).toBe('done');
    expect(log).toEqual([0, 1, 2, 0, 1]);
    db.close();
  });

  it("reports each job in its kind's unit (items when the kind names none)", async () => {
    const db = openDb(join(tmpDir(), 'u.db'), coreMigrations);
    const jobs = new JobManager(db, new EventBus());
    jobs.register({ ...counter([]), kind: 'download', unit: 'bytes' });
    jobs.register(counter([]));
    jobs.start();
    const bytes = jobs.create('download', 'Download', { n: 3 });
    const plain = jobs.create('count', 'Count', { n: 3 });
    expect(bytes.unit).toBe('bytes');
    expect((await jobs.wait(bytes.id)).unit).toBe('bytes');
    expect((await jobs.wait(plain.id)).unit).toBe('items');
    expect(jobs.list({ limit: 10 }).map((j) => j.unit)).toEqual(['items', 'bytes']);
    db.close();
  });
});
