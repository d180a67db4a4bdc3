import { describe, expect, it } from 'vitest';
import { createAtelier, type Atelier } from '../../src/core/app';
import type { TagRunResult } from '../../src/shared/contract';
import { tmpDir } from '../helpers/tmp';
import { DYNAMIC, fixtureDataset } from './fixture-dataset';

const scoredCount = (app: Atelier) => app.db.prepare('SELECT COUNT(*) FROM tagger_scores').pluck().get() as number;

/** Resolves once the job has reported progress on at least `n` pictures. */
function afterProgress(app: Atelier, jobId: number, n: number): Promise<void> {
  return new Promise((resolve) => {
    const off = app.bus.subscribe('job.updated', (j) => {
      if (j.id === jobId && j.done >= n) {
        off();
        resolve();
      }
    });
  });
}

describe('the tag job', () => {
  it('can be cancelled, keeps what it scored, and the next run skips it', async () => {
    const app = createAtelier({ dataDir: tmpDir(), host: 'memory' });
    const { datasetId, ids } = fixtureDataset(app);
    const client = app.connect();
    const { jobId } = await client.call('tagger.run', { datasetId, model: DYNAMIC, batch: 1, provider: 'cpu' });
    await afterProgress(app, jobId, 2);
    await client.call('jobs.cancel', { jobId });
    const job = await app.jobs.wait(jobId);
    expect(job.status).toBe('cancelled');
    const kept = scoredCount(app);
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(ids.size);

    const again = await client.call('tagger.run', { datasetId, model: DYNAMIC, provider: 'cpu' });
    const done = await app.jobs.wait(again.jobId);
    expect(done.status).toBe('done');
    const r = done.result as TagRunResult;
    expect(r.skipped).toBe(kept);
    expect(r.scored).toBe(ids.size - kept);
    await app.close();
  });

  it('resumes after the app stops mid-run, without scoring pictures twice', async () => {
    const dataDir = tmpDir();
    const app = createAtelier({ dataDir, host: 'memory' });
    const { datasetId, ids } = fixtureDataset(app);
    const { jobId } = await app.connect().call('tagger.run', { datasetId, model: DYNAMIC, batch: 1, provider: 'cpu' });
    await afterProgress(app, jobId, 2);
    await app.close();

    const reopened = createAtelier({ dataDir, host: 'memory' });
    const before = scoredCount(reopened);
    expect(before).toBeLessThan(ids.size);
    const job = await reopened.jobs.wait(jobId);
    expect(job.status).toBe('done');
    const r = job.result as TagRunResult;
    expect(r.skipped).toBe(before);
    expect(r.scored).toBe(ids.size - before);
    expect(scoredCount(reopened)).toBe(ids.size);
    // Tags were written for every picture, once the run finished.
    const tagged = reopened.db.prepare('SELECT COUNT(DISTINCT item_id) FROM tags').pluck().get() as number;
    expect(tagged).toBeGreaterThan(0);
    await reopened.close();
  });
});
